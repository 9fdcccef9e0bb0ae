import { createTinyModel, createModelConfig } from '../../factory/create-tiny-model.js';
import { forwardSession, maxAbsDiff } from '../../__fixtures__/forward-session.js';
import { parseAdapterConfig, validateAdapterTensors } from '../adapter-files.js';
import { initialPeftTensors, peftTrainableShapes } from '../peft-tensors.js';
import { ia3Method } from './method.js';

const adapterConfig = (fields: Record<string, unknown>, architecture: 'llama' | 'gpt2' | 'gemma' = 'llama') =>
  ia3Method.adapter!.fromOptions(ia3Method.options.parse(fields), createModelConfig({ architecture }), { baseModelName: 'tiny' });

describe('IA3', () => {
  it("writes PEFT's resolved default targets and feed-forward modules per model type, and fan_in_fan_out for Conv1D", () => {
    expect(adapterConfig({})).toMatchObject({ peft_type: 'IA3', target_modules: ['k_proj', 'v_proj', 'down_proj'], feedforward_modules: ['down_proj'], fan_in_fan_out: false, base_model_name_or_path: 'tiny' });
    expect(adapterConfig({}, 'gpt2')).toMatchObject({ target_modules: ['c_attn', 'mlp.c_proj'], feedforward_modules: ['mlp.c_proj'], fan_in_fan_out: true });
    expect(adapterConfig({}, 'gemma')).toMatchObject({ target_modules: ['q_proj', 'v_proj', 'down_proj'], feedforward_modules: ['down_proj'] });
    expect(adapterConfig({ targetModules: 'q_proj, down_proj', feedforwardModules: 'down_proj' })).toMatchObject({ target_modules: ['q_proj', 'down_proj'], feedforward_modules: ['down_proj'] });
  });

  it('refuses feed-forward modules that are not targets, as IA3Config does', () => {
    expect(() => parseAdapterConfig({ peft_type: 'IA3', target_modules: ['q_proj'], feedforward_modules: ['down_proj'] })).toThrow(
      expect.objectContaining({ code: 'PEFT_CONFIG_INVALID', message: expect.stringContaining('feedforward_modules') }),
    );
  });

  it('has one ia3_l per target: [out, 1] scaling outputs, [1, in] scaling a feed-forward input', () => {
    const model = createTinyModel({ architecture: 'llama', seed: 1 });
    const shapes = peftTrainableShapes(parseAdapterConfig({ peft_type: 'IA3', target_modules: ['k_proj', 'down_proj'], feedforward_modules: ['down_proj'] }), model.config);
    expect(shapes.get('base_model.model.model.layers.0.self_attn.k_proj.ia3_l')).toEqual([8, 1]);
    expect(shapes.get('base_model.model.model.layers.0.mlp.down_proj.ia3_l')).toEqual([1, 40]);
    expect(shapes.size).toBe(4);
  });

  it('starts at ones, which leave the base model as it is, and validates saved tensors by name and shape', async () => {
    const model = createTinyModel({ architecture: 'gpt2', seed: 2, configOverrides: { initializer_range: 0.2 } });
    const config = parseAdapterConfig({ peft_type: 'IA3', fan_in_fan_out: true });
    const tensors = await initialPeftTensors(config, model.config, { seed: 1 });
    expect([...tensors.values()].every((tensor) => tensor.data.every((value) => value === 1))).toBe(true);
    const feeds = { inputIds: [[1, 20, 30, 40]], attentionMask: [[1, 1, 1, 1]], positionIds: [[0, 1, 2, 3]] };
    const [adapted, plain] = [await forwardSession(model, { config, tensors }), await forwardSession(model)];
    expect(maxAbsDiff((await adapted.run(feeds)).logits.data as Float32Array, (await plain.run(feeds)).logits.data as Float32Array)).toBeLessThan(1e-6);
    await Promise.all([adapted.release(), plain.release()]);
    const name = 'base_model.model.transformer.h.0.mlp.c_proj.ia3_l';
    const transposed = new Map([...tensors, [name, { dtype: 'F32' as const, shape: [64, 1], data: new Float32Array(64) }]]);
    expect(() => validateAdapterTensors(config, transposed, { model: model.config })).toThrow(expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE', message: expect.stringContaining(name) }));
    const stray = new Map([...tensors, ['base_model.model.transformer.h.0.attn.c_attn.lora_A.weight', tensors.get(name)!]]);
    expect(() => validateAdapterTensors(config, stray)).toThrow(expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE', message: expect.stringContaining('ia3_l') }));
  });
});
