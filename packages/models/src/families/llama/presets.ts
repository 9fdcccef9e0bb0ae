import type { ModelPresetName } from '../../factory/model-presets.js';
import type { HfConfigFields } from '../model-family.js';

// Presets are data: config.json fields, parsed by the same schema as a real checkpoint.
// Parameter counts follow from the weight map (countParameters) and are asserted in
// create-tiny-model.test.ts.

/** LLaMA-family presets in config.json field names. */
export const LLAMA_PRESETS: Partial<Record<ModelPresetName, HfConfigFields>> = {
  // 2 layers, 16 wide, 4 query heads of 4 sharing 2 key/value heads (GQA), SwiGLU 40 wide,
  // separate lm_head (stories260K covers the tied case). 512*16 embed + 2 * (q 16*16 + k 8*16
  // + v 8*16 + o 16*16 + 3 * 16*40 + 2*16 norms) + 16 norm + 512*16 lm_head
  //   = 8,192 + 2 * 2,720 + 16 + 8,192 = 21,840 parameters.
  tiny: {
    model_type: 'llama',
    vocab_size: 512,
    hidden_size: 16,
    intermediate_size: 40,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    max_position_embeddings: 256,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    initializer_range: 0.02,
    tie_word_embeddings: false,
    bos_token_id: 1,
    eos_token_id: 2,
  },
  // HuggingFaceTB/SmolLM-135M's shape: 30 layers, 576 wide, 9 heads of 64 over 3 key/value heads,
  // SwiGLU 1536, vocab 49152, tied head. 49152*576 embed + 30 * (q 576*576 + k,v 2 * 192*576
  // + o 576*576 + 3 * 576*1536 + 2*576) + 576 = 28,311,552 + 30 * 3,540,096 + 576
  //   = 134,515,008 parameters.
  'smollm-135m': {
    model_type: 'llama',
    vocab_size: 49152,
    hidden_size: 576,
    intermediate_size: 1536,
    num_hidden_layers: 30,
    num_attention_heads: 9,
    num_key_value_heads: 3,
    max_position_embeddings: 2048,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    initializer_range: 0.02,
    tie_word_embeddings: true,
    bos_token_id: 0,
    eos_token_id: 0,
  },
  // TinyLlama/TinyLlama-1.1B's shape: 22 layers, 2048 wide, 32 heads of 64 over 4 key/value heads,
  // SwiGLU 5632, vocab 32000, separate head. 2 * 32000*2048 embed + head + 22 * (q 2048*2048
  // + k,v 2 * 256*2048 + o 2048*2048 + 3 * 2048*5632 + 2*2048) + 2048
  //   = 131,072,000 + 22 * 44,044,288 + 2,048 = 1,100,048,384 parameters (2.2 GB in float16).
  'tinyllama-1.1b': {
    model_type: 'llama',
    vocab_size: 32000,
    hidden_size: 2048,
    intermediate_size: 5632,
    num_hidden_layers: 22,
    num_attention_heads: 32,
    num_key_value_heads: 4,
    max_position_embeddings: 2048,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    initializer_range: 0.02,
    tie_word_embeddings: false,
    bos_token_id: 1,
    eos_token_id: 2,
  },
  // LLaMA-7B's shape (Alpaca's base): 32 layers, 4096 wide, 32 heads of 128 (no GQA), SwiGLU
  // 11008, vocab 32000, separate head. 2 * 32000*4096 embed + head + 32 * (4 * 4096*4096
  // + 3 * 4096*11008 + 2*4096) + 4096 = 262,144,000 + 32 * 202,383,360 + 4,096
  //   = 6,738,415,616 parameters (13.5 GB in float16, 27 GB in float32).
  'llama-7b': {
    model_type: 'llama',
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    max_position_embeddings: 2048,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    initializer_range: 0.02,
    tie_word_embeddings: false,
    bos_token_id: 1,
    eos_token_id: 2,
  },
};
