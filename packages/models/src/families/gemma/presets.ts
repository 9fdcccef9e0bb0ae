import type { ModelPresetName } from '../../factory/model-presets.js';
import type { HfConfigFields } from '../model-family.js';

// Presets are data: config.json fields, parsed by the same schema as a real checkpoint.
// Parameter counts follow from the weight map (countParameters) and are asserted in
// create-tiny-model.test.ts.

/** Gemma presets in config.json field names. */
export const GEMMA_PRESETS: Partial<Record<ModelPresetName, HfConfigFields>> = {
  // 2 layers, 16 wide, 4 query heads of 8 (head_dim 8 ≠ 16 / 4, as Gemma's 256 ≠ 2048 / 8)
  // sharing 2 key/value heads, GeGLU 40 wide, head tied to the embedding. 512*16 embed
  // + 2 * (q 16*32 + k 16*16 + v 16*16 + o 32*16 + 3 * 16*40 + 2*16 norms) + 16 norm
  //   = 8,192 + 2 * 3,488 + 16 = 15,184 parameters.
  tiny: {
    model_type: 'gemma',
    vocab_size: 512,
    hidden_size: 16,
    intermediate_size: 40,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    head_dim: 8,
    hidden_activation: 'gelu_pytorch_tanh',
    max_position_embeddings: 256,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    initializer_range: 0.02,
    tie_word_embeddings: true,
    pad_token_id: 0,
    eos_token_id: 1,
    bos_token_id: 2,
  },
};
