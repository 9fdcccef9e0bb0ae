import { loadModelConfig, parseModelConfig } from '../config/parse-model-config.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { createModelConfig } from '../factory/create-tiny-model.js';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { expectedAdapterTensors, parseAdapterConfig, validateAdapterTensors } from './adapter-files.js';
import { prefixTuningAdapterConfigSchema } from './prefix-tuning/config.js';
import { resolvePromptLearningDims } from './prompt-learning/dims.js';

const gpt2Small = createModelConfig({ architecture: 'gpt2', preset: 'gpt2-124m' });
const config = (fields: Record<string, unknown>) => parseAdapterConfig(fields);
const zeros = (...shape: number[]): FloatTensor => ({ dtype: 'F32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

describe('expectedAdapterTensors (PEFT names and shapes)', () => {
  it('LoRA on GPT-2 c_attn: base_model.model.transformer.h.<i>.attn.c_attn.lora_A.weight [r, 768], lora_B [2304, r]', () => {
    const tensors = expectedAdapterTensors(config({ peft_type: 'LORA', r: 8, target_modules: ['c_attn'], fan_in_fan_out: true }), gpt2Small);
    expect(tensors.size).toBe(24);
    expect(tensors.get('base_model.model.transformer.h.0.attn.c_attn.lora_A.weight')).toEqual([8, 768]);
    expect(tensors.get('base_model.model.transformer.h.11.attn.c_attn.lora_B.weight')).toEqual([2304, 8]);
  });

  it('LoRA on stories260K q/v: k/v projections are narrower under GQA', async () => {
    const stories = await loadModelConfig(STORIES_260K_DIR);
    const tensors = expectedAdapterTensors(config({ peft_type: 'LORA', r: 4 }), stories);
    expect(tensors.get('base_model.model.model.layers.4.self_attn.q_proj.lora_B.weight')).toEqual([64, 4]);
    expect(tensors.get('base_model.model.model.layers.4.self_attn.v_proj.lora_B.weight')).toEqual([32, 4]);
    expect(tensors.get('base_model.model.model.layers.4.self_attn.v_proj.lora_A.weight')).toEqual([4, 64]);
  });

  it('prompt tuning and p-tuning save prompt_embeddings [virtual tokens, hidden]', async () => {
    const stories = await loadModelConfig(STORIES_260K_DIR);
    expect(expectedAdapterTensors(config({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 10 }), stories)).toEqual(new Map([['prompt_embeddings', [10, 64]]]));
    expect(expectedAdapterTensors(config({ peft_type: 'P_TUNING', num_virtual_tokens: 4, encoder_reparameterization_type: 'LSTM' }), gpt2Small)).toEqual(
      new Map([['prompt_embeddings', [4, 768]]]),
    );
  });

  it('prefix tuning saves [virtual tokens, layers * 2 * key/value width]: GQA narrows LLaMA, not GPT-2', async () => {
    const stories = await loadModelConfig(STORIES_260K_DIR); // 5 layers, 4 kv heads of 8
    expect(expectedAdapterTensors(config({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: 6 }), stories).get('prompt_embeddings')).toEqual([6, 5 * 2 * 32]);
    expect(expectedAdapterTensors(config({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: 6, prefix_projection: true }), gpt2Small).get('prompt_embeddings')).toEqual([
      6,
      12 * 2 * 768,
    ]);
    expect(resolvePromptLearningDims(prefixTuningAdapterConfigSchema.parse({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: 6 }), stories)).toMatchObject({ tokenDim: 32, numAttentionHeads: 4, encoderHiddenSize: 32 });
  });
});

describe('validateAdapterTensors', () => {
  const lora = config({ peft_type: 'LORA', r: 2, target_modules: ['q_proj'] });
  const tiny = createModelConfig({ architecture: 'llama' });
  const loraTensors = (rank = 2): Map<string, FloatTensor> =>
    new Map(
      [0, 1].flatMap((layer) => [
        [`base_model.model.model.layers.${layer}.self_attn.q_proj.lora_A.weight`, zeros(rank, 16)],
        [`base_model.model.model.layers.${layer}.self_attn.q_proj.lora_B.weight`, zeros(16, rank)],
      ]),
    );

  it('accepts a consistent adapter, with and without the base model', () => {
    expect(() => validateAdapterTensors(lora, loraTensors())).not.toThrow();
    expect(() => validateAdapterTensors(lora, loraTensors(), { model: tiny })).not.toThrow();
  });

  it('names an unpaired matrix, a wrong rank and an unknown tensor', () => {
    const unpaired = loraTensors();
    unpaired.delete('base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight');
    expect(() => validateAdapterTensors(lora, unpaired)).toThrow(expect.objectContaining({ code: 'MODEL_TENSOR_MISSING', message: expect.stringContaining("not 'base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight'") }));
    expect(() => validateAdapterTensors(lora, loraTensors(3))).toThrow(expect.objectContaining({ code: 'MODEL_TENSOR_SHAPE_MISMATCH', message: expect.stringContaining('A [3, 16] and B [16, 3], but r = 2') }));
    expect(() => validateAdapterTensors(lora, new Map([...loraTensors(), ['base_model.model.lm_head.weight', zeros(1)]]))).toThrow(expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE' }));
  });

  it('reports a base model that does not fit, naming both sizes', () => {
    const wider = parseModelConfig({ model_type: 'llama', vocab_size: 512, hidden_size: 32, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4 });
    expect(() => validateAdapterTensors(lora, loraTensors(), { model: wider })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE', message: expect.stringContaining('has shape [2, 16], but \'model.layers.0.self_attn.q_proj\' of this llama model (32 -> 32) needs [2, 32]') }),
    );
    const deeper = parseModelConfig({ model_type: 'llama', vocab_size: 512, hidden_size: 16, intermediate_size: 40, num_hidden_layers: 3, num_attention_heads: 4, num_key_value_heads: 2 });
    expect(() => validateAdapterTensors(lora, loraTensors(), { model: deeper })).toThrow(expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE', message: expect.stringContaining("targets 'model.layers.2.self_attn.q_proj'") }));
    const prompt = config({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 4, token_dim: 768, num_layers: 12, num_attention_heads: 12, num_transformer_submodules: 1, base_model_name_or_path: 'gpt2' });
    expect(() => validateAdapterTensors(prompt, new Map([['prompt_embeddings', zeros(4, 768)]]), { model: tiny })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_INCOMPATIBLE', message: expect.stringContaining('token_dim 768 in adapter_config.json (base model "gpt2"), but this llama model (hidden size 16, 2 layers) needs 16') }),
    );
  });

  it('checks prompt_embeddings against the config, and needs sizes from somewhere', () => {
    const prompt = config({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 4, token_dim: 16, num_layers: 2, num_attention_heads: 4, num_transformer_submodules: 1 });
    expect(() => validateAdapterTensors(prompt, new Map([['prompt_embeddings', zeros(5, 16)]]))).toThrow(expect.objectContaining({ code: 'MODEL_TENSOR_SHAPE_MISMATCH', message: expect.stringContaining('[5, 16], but adapter_config.json implies [4, 16]') }));
    expect(() => validateAdapterTensors(prompt, new Map())).toThrow(expect.objectContaining({ code: 'MODEL_TENSOR_MISSING' }));
    const bare = config({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 4 });
    expect(() => validateAdapterTensors(bare, new Map([['prompt_embeddings', zeros(4, 16)]]))).toThrow(expect.objectContaining({ code: 'PEFT_CONFIG_INVALID' }));
    expect(() => validateAdapterTensors(bare, new Map([['prompt_embeddings', zeros(4, 16)]]), { model: tiny })).not.toThrow();
  });
});
