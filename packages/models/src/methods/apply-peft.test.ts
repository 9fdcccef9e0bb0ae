import { GraphBuilder } from '@causal-tune/graph';
import { createTinyModel } from '../factory/create-tiny-model.js';
import { forwardSession, maxAbsDiff } from '../__fixtures__/forward-session.js';
import { parseAdapterConfig } from './adapter-files.js';
import { applyPeft } from './apply-peft.js';
import { initialPeftTensors, peftTrainableShapes } from './peft-tensors.js';

const llama = createTinyModel({ architecture: 'llama', seed: 1, configOverrides: { initializer_range: 0.2 } });
const gpt2 = createTinyModel({ architecture: 'gpt2', seed: 1, configOverrides: { initializer_range: 0.2 } });

function graphWithIds() {
  const g = new GraphBuilder({ name: 'apply-peft-test' });
  return { g, inputIds: g.input('input_ids', 'int64', ['batch', 'seq']) };
}

describe('applyPeft: LoRA targets', () => {
  it('names a target that matches nothing and lists the available modules', () => {
    const { g } = graphWithIds();
    const config = parseAdapterConfig({ peft_type: 'LORA', target_modules: ['query_key_value'] });
    let error: unknown;
    try {
      applyPeft(g, llama.config, { config, tensors: 'trainable' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'PEFT_TARGET_NOT_FOUND', message: expect.stringContaining('["query_key_value"]') });
    expect(error).toMatchObject({ message: expect.stringContaining('q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head') });
    expect((error as { details: { available: string[] } }).details.available).toContain('model.layers.1.mlp.down_proj');
  });

  it("takes the family's default targets and PEFT's tensor names as trainable inputs", () => {
    for (const [model, expected] of [
      [llama, ['model.layers.0.self_attn.q_proj', 'model.layers.0.self_attn.v_proj']],
      [gpt2, ['transformer.h.0.attn.c_attn']],
    ] as const) {
      const { g } = graphWithIds();
      const config = parseAdapterConfig({ peft_type: 'LORA', r: 2 });
      const { trainable, layout, stepInputs } = applyPeft(g, model.config, { config, tensors: 'trainable' });
      for (const path of expected) {
        expect(trainable.get(`base_model.model.${path}.lora_A.weight`)?.shape).toEqual([2, model.config.hiddenSize]);
        expect(trainable.has(`base_model.model.${path}.lora_B.weight`)).toBe(true);
      }
      expect([...trainable.keys()]).toEqual([...peftTrainableShapes(config, model.config).keys()]);
      expect(layout).toEqual({ kind: 'none', virtualTokens: 0 });
      expect(stepInputs).toBeUndefined();
    }
  });

  it('refuses what the graph cannot express: an adapted lm_head, trained biases', () => {
    const { g } = graphWithIds();
    expect(() => applyPeft(g, llama.config, { config: parseAdapterConfig({ peft_type: 'LORA', target_modules: ['q_proj', 'lm_head'] }), tensors: 'trainable' })).toThrow(
      expect.objectContaining({ code: 'PEFT_UNSUPPORTED', message: expect.stringContaining("'lm_head'") }),
    );
    expect(() => applyPeft(g, llama.config, { config: parseAdapterConfig({ peft_type: 'LORA', bias: 'all' }), tensors: 'trainable' })).toThrow(expect.objectContaining({ code: 'PEFT_UNSUPPORTED', details: expect.objectContaining({ fields: ['bias'] }) }));
  });

  it('refuses an activated-LoRA (aLoRA) adapter instead of running it as plain LoRA', () => {
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, alora_invocation_tokens: [5, 6] });
    expect(() => applyPeft(new GraphBuilder(), llama.config, { config, tensors: 'trainable' })).toThrow(
      expect.objectContaining({ code: 'PEFT_UNSUPPORTED', message: expect.stringContaining('alora_invocation_tokens is set: activated LoRA (aLoRA)'), details: expect.objectContaining({ fields: ['alora_invocation_tokens'] }) }),
    );
  });

  it('matches target_modules given as one regex on the whole module path', () => {
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, target_modules: '.*\\.1\\.self_attn\\.(q|v)_proj' });
    const { trainable } = applyPeft(new GraphBuilder(), llama.config, { config, tensors: 'trainable' });
    expect([...trainable.keys()].map((name) => name.replace(/\.lora_[AB]\.weight$/, ''))).toEqual([
      'base_model.model.model.layers.1.self_attn.q_proj',
      'base_model.model.model.layers.1.self_attn.q_proj',
      'base_model.model.model.layers.1.self_attn.v_proj',
      'base_model.model.model.layers.1.self_attn.v_proj',
    ]);
  });
});

describe('applyPeft: prompt learning', () => {
  it('returns the layout, inputs for training and none for inference', () => {
    const config = parseAdapterConfig({ peft_type: 'P_TUNING', num_virtual_tokens: 3, encoder_hidden_size: 8 });
    const training = graphWithIds();
    const trained = applyPeft(training.g, gpt2.config, { config, tensors: 'trainable' });
    expect(trained.layout).toEqual({ kind: 'prompt', virtualTokens: 3 });
    expect([...trained.trainable.keys()]).toContain('prompt_encoder.mlp_head.4.weight');
    expect(trained.promptEmbeddings?.shape).toEqual([3, 16]);
    const inference = graphWithIds();
    const loaded = applyPeft(inference.g, gpt2.config, { config, tensors: new Map([['prompt_embeddings', { dtype: 'F32', shape: [3, 16], data: new Float32Array(48) }]]) });
    expect(loaded.trainable.size).toBe(0);
    expect(loaded.hooks.promptEmbeddings?.shape).toEqual([1, 3, 16]);
  });

  it('needs the token ids for the batch size of prefix keys and values', () => {
    const { g } = graphWithIds();
    const config = parseAdapterConfig({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: 2 });
    expect(() => applyPeft(g, llama.config, { config, tensors: 'trainable' })).toThrow(expect.objectContaining({ code: 'USAGE_INVALID' }));
    const { layout, trainable } = applyPeft(g, llama.config, { config, tensors: 'trainable' }, { inputIds: g.input('ids', 'int64', ['batch', 'seq']) });
    expect(layout).toEqual({ kind: 'prefix', virtualTokens: 2 });
    expect(trainable.get('prompt_embeddings')?.shape).toEqual([2, 2 * 2 * 8]); // layers · 2 · (kv heads 2 × head dim 4)
  });

  it('rejects an adapter for another model size', () => {
    const { g, inputIds } = graphWithIds();
    const config = parseAdapterConfig({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 2, token_dim: 64 });
    expect(() => applyPeft(g, llama.config, { config, tensors: 'trainable' }, { inputIds })).toThrow(expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE' }));
  });
});

describe('LoRA dropout masks', () => {
  const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, lora_dropout: 0.5, init_lora_weights: false, target_modules: ['c_attn', 'c_fc'] });
  const feeds = { inputIds: [[3, 4, 5]], attentionMask: [[1, 1, 1]], positionIds: [[0, 1, 2]] };
  let tensors: Awaited<ReturnType<typeof initialPeftTensors>>;
  let trainableFeeds: Record<string, { dtype: 'float32'; dims: number[]; data: Float32Array }>;
  beforeAll(async () => {
    tensors = await initialPeftTensors(config, gpt2.config, { seed: 3 });
    trainableFeeds = Object.fromEntries([...tensors].map(([name, tensor]) => [name, { dtype: 'float32' as const, dims: [...tensor.shape], data: tensor.data }]));
  });

  it('are graph inputs when training; all-ones masks give the inference logits, all-zero masks the base model', async () => {
    const training = await forwardSession(gpt2, { config, tensors: 'trainable' });
    const ones = training.peft!.stepInputs!.feeds({ batch: 1, seq: 3, seed: 1, draw: 0, training: false });
    expect(Object.keys(ones)).toEqual([
      'lora_dropout_mask/transformer.h.0.attn.c_attn',
      'lora_dropout_mask/transformer.h.0.mlp.c_fc',
      'lora_dropout_mask/transformer.h.1.attn.c_attn',
      'lora_dropout_mask/transformer.h.1.mlp.c_fc',
      'lora_dropout_scale',
    ]);
    expect(ones['lora_dropout_mask/transformer.h.0.mlp.c_fc']!.dims).toEqual([1, 3, 16]);
    const zeros = Object.fromEntries(Object.entries(ones).map(([name, feed]) => [name, feed.dtype === 'bool' ? { ...feed, data: new Uint8Array((feed.data as Uint8Array).length) } : feed]));
    const inference = await forwardSession(gpt2, { config, tensors });
    const base = await forwardSession(gpt2);
    const kept = (await training.run({ ...feeds, extra: { ...trainableFeeds, ...ones } })).logits.data as Float32Array;
    const dropped = (await training.run({ ...feeds, extra: { ...trainableFeeds, ...zeros } })).logits.data as Float32Array;
    expect(maxAbsDiff(kept, (await inference.run(feeds)).logits.data as Float32Array)).toBeLessThan(1e-5);
    expect(maxAbsDiff(dropped, (await base.run(feeds)).logits.data as Float32Array)).toBeLessThan(1e-5);
    expect(maxAbsDiff(kept, dropped)).toBeGreaterThan(1e-2);
    await Promise.all([training.release(), inference.release(), base.release()]);
  });

  it('are drawn from (seed, draw, module) only: reproducible and resumable', () => {
    const g = new GraphBuilder();
    const { stepInputs } = applyPeft(g, gpt2.config, { config, tensors: 'trainable' });
    const draw = (step: number, seed = 1) => stepInputs!.feeds({ batch: 4, seq: 64, seed, draw: step, training: true });
    const name = 'lora_dropout_mask/transformer.h.1.mlp.c_fc';
    expect(draw(7)[name]!.data).toEqual(draw(7)[name]!.data);
    expect(draw(7)[name]!.data).not.toEqual(draw(8)[name]!.data);
    expect(draw(7)[name]!.data).not.toEqual(draw(7, 2)[name]!.data);
    expect(draw(7)[name]!.data).not.toEqual(draw(7)['lora_dropout_mask/transformer.h.0.mlp.c_fc']!.data);
    expect(draw(7).lora_dropout_scale!.data).toEqual(Float32Array.of(2));
    const kept = (draw(7)[name]!.data as Uint8Array).reduce((sum, value) => sum + value, 0) / (4 * 64 * 16);
    expect(kept).toBeGreaterThan(0.45);
    expect(kept).toBeLessThan(0.55);
  });

  it('are not inputs when dropout is off (inference, or options.dropout false)', () => {
    const g = new GraphBuilder();
    expect(applyPeft(g, gpt2.config, { config, tensors: 'trainable' }, { dropout: false }).stepInputs).toBeUndefined();
    expect(applyPeft(new GraphBuilder(), gpt2.config, { config, tensors }).stepInputs).toBeUndefined();
  });
});
