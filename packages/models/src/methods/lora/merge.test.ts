import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../checkpoint/load-model.js';
import { createTinyModel } from '../../factory/create-tiny-model.js';
import { STORIES_260K_DIR, TINY_GPT2_DIR } from '../../__fixtures__/paths.js';
import { forwardSession, maxAbsDiff } from '../../__fixtures__/forward-session.js';
import { positionIdsFromMask } from '../../forward/attention-mask.js';
import { loadAdapter, parseAdapterConfig, type Adapter } from '../adapter-files.js';
import { initialPeftTensors } from '../peft-tensors.js';
import { mergeLora } from './merge.js';

const adapters = fileURLToPath(new URL('../../__fixtures__/parity/adapters/', import.meta.url));

describe('mergeLora', () => {
  it.each([
    ['llama (stories260K, all-linear, rsLoRA, rank and alpha patterns)', STORIES_260K_DIR, 'llama-lora'],
    ['gpt2 (Conv1D c_attn and mlp.c_proj, fan_in_fan_out)', TINY_GPT2_DIR, 'gpt2-lora'],
  ])('gives the logits of the unmerged adapter: %s', async (_label, modelDir, adapterName) => {
    const model = await loadModel(modelDir);
    const adapter = await loadAdapter(join(adapters, adapterName), { model: model.config });
    const inputIds = [[1, 20, 30, 40, 50, 60], [0, 0, 7, 8, 9, 10]];
    const attentionMask = [[1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1]];
    const feeds = { inputIds, attentionMask, positionIds: positionIdsFromMask(attentionMask) };
    const unmerged = await forwardSession(model, adapter);
    const merged = await forwardSession(mergeLora(model, adapter));
    const plain = await forwardSession(model);
    const [a, b, c] = [await unmerged.run(feeds), await merged.run(feeds), await plain.run(feeds)];
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeLessThan(1e-4);
    expect(maxAbsDiff(a.logits.data as Float32Array, c.logits.data as Float32Array)).toBeGreaterThan(0.1); // the adapter matters
    await Promise.all([unmerged.release(), merged.release(), plain.release()]);
  });

  it('copies only the merged tensors and leaves the base model untouched', async () => {
    const model = createTinyModel({ architecture: 'gpt2', seed: 3 });
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, init_lora_weights: false, target_modules: ['c_attn'] });
    const adapter: Adapter = { config, tensors: await initialPeftTensors(config, model.config, { seed: 1 }) };
    const before = Float32Array.from(model.weights.get('h.0.attn.c_attn.weight')!.data);
    const merged = mergeLora(model, adapter);
    expect(model.weights.get('h.0.attn.c_attn.weight')!.data).toEqual(before);
    expect(merged.weights.get('h.0.attn.c_attn.weight')!.data).not.toEqual(before);
    expect(merged.weights.get('h.0.attn.c_proj.weight')).toBe(model.weights.get('h.0.attn.c_proj.weight'));
  });

  it("replaces biases trained with bias 'all' and refuses prompt-learning adapters", async () => {
    const model = createTinyModel({ architecture: 'gpt2', seed: 3 });
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, bias: 'all', target_modules: ['c_attn'] });
    const tensors = await initialPeftTensors(config, model.config, { seed: 1 });
    tensors.set('base_model.model.transformer.h.1.mlp.c_fc.bias', { dtype: 'F32', shape: [64], data: new Float32Array(64).fill(0.5) });
    const merged = mergeLora(model, { config, tensors });
    expect(merged.weights.get('h.1.mlp.c_fc.bias')!.data.every((value) => value === 0.5)).toBe(true);
    const prompt = parseAdapterConfig({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 2 });
    expect(() => mergeLora(model, { config: prompt, tensors: new Map() })).toThrow(expect.objectContaining({ code: 'PEFT_CONFIG_INVALID' }));
  });

  it('puts modules_to_save tensors in place, merged and on the graph alike (PEFT loads them over the base modules)', async () => {
    const model = createTinyModel({ architecture: 'llama', seed: 3, configOverrides: { initializer_range: 0.2 } });
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, init_lora_weights: false, target_modules: ['q_proj'], modules_to_save: ['norm', 'lm_head'] });
    const tensors = await initialPeftTensors(config, model.config, { seed: 1 });
    tensors.set('base_model.model.model.norm.weight', { dtype: 'F32', shape: [16], data: new Float32Array(16).fill(1.5) });
    tensors.set('base_model.model.lm_head.weight', { dtype: 'F32', shape: [512, 16], data: Float32Array.from(model.weights.get('lm_head.weight')!.data, (value) => -value) });
    const adapter: Adapter = { config, tensors };
    const merged = mergeLora(model, adapter);
    expect(merged.weights.get('model.norm.weight')!.data.every((value) => value === 1.5)).toBe(true);
    const feeds = { inputIds: [[1, 20, 30, 40]], attentionMask: [[1, 1, 1, 1]], positionIds: [[0, 1, 2, 3]] };
    const onGraph = await forwardSession(model, adapter);
    const asMerged = await forwardSession(merged);
    const withoutSaved = await forwardSession(model, { config: parseAdapterConfig({ ...config, modules_to_save: null }), tensors: new Map([...tensors].filter(([name]) => name.includes('lora_'))) });
    const [a, b, c] = [await onGraph.run(feeds), await asMerged.run(feeds), await withoutSaved.run(feeds)];
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeLessThan(1e-4);
    expect(maxAbsDiff(a.logits.data as Float32Array, c.logits.data as Float32Array)).toBeGreaterThan(0.1); // they are not dropped
    await Promise.all([onGraph.release(), asMerged.release(), withoutSaved.release()]);
  });

  it('refuses modules_to_save of a head tied to the token embedding, and tensors the model has not', async () => {
    const tied = createTinyModel({ architecture: 'gpt2', seed: 3 });
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, target_modules: ['c_attn'], modules_to_save: ['lm_head', 'ln_f'] });
    const tensors = await initialPeftTensors(config, tied.config, { seed: 1 });
    const head = new Map([...tensors, ['base_model.model.lm_head.weight', tied.weights.get('wte.weight')!] as const]);
    expect(() => mergeLora(tied, { config, tensors: head })).toThrow(expect.objectContaining({ code: 'PEFT_UNSUPPORTED', details: expect.objectContaining({ fields: ['modules_to_save'] }) }));
    const unknown = new Map([...tensors, ['base_model.model.transformer.ln_f.scale', tied.weights.get('ln_f.weight')!] as const]);
    expect(() => mergeLora(tied, { config, tensors: unknown })).toThrow(expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE', message: expect.stringContaining("no weight 'ln_f.scale'") }));
  });
});
