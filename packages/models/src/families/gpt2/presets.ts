import type { ModelPresetName } from '../../factory/model-presets.js';
import type { HfConfigFields } from '../model-family.js';

// Presets are data: config.json fields, parsed by the same schema as a real checkpoint.
// Parameter counts follow from the weight map (countParameters) and are asserted in
// create-tiny-model.test.ts.

/** GPT-2 presets in config.json field names. */
export const GPT2_PRESETS: Partial<Record<ModelPresetName, HfConfigFields>> = {
  // 2 blocks, 16 wide, 4 heads of 4; MLP 4 * 16 = 64; vocab 512 (or the tokenizer's).
  // 512*16 wte + 256*16 wpe + 2 * (2*32 LN + 16*48+48 + 16*16+16 + 16*64+64 + 64*16+16) + 32 ln_f
  //   = 8,192 + 4,096 + 2 * 3,280 + 32 = 18,880 parameters (head tied to wte).
  tiny: {
    model_type: 'gpt2',
    vocab_size: 512,
    n_positions: 256,
    n_embd: 16,
    n_layer: 2,
    n_head: 4,
    n_inner: null,
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    initializer_range: 0.02,
    tie_word_embeddings: true,
    bos_token_id: 511, // GPT-2 puts <|endoftext|> last; a tokenizer's ids replace these
    eos_token_id: 511,
  },
  // OpenAI's GPT-2 small: 12 blocks, 768 wide, 12 heads of 64, MLP 3072, 1024 positions.
  // 50257*768 wte + 1024*768 wpe + 12 * 7,087,872 per block + 1,536 ln_f = 124,439,808 parameters
  // (per block: LN 2*1,536 + c_attn 768*2304+2304 + c_proj 768*768+768 + c_fc 768*3072+3072
  //  + c_proj 3072*768+768), head tied to wte.
  'gpt2-124m': {
    model_type: 'gpt2',
    vocab_size: 50257,
    n_positions: 1024,
    n_embd: 768,
    n_layer: 12,
    n_head: 12,
    n_inner: null,
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    initializer_range: 0.02,
    tie_word_embeddings: true,
    bos_token_id: 50256,
    eos_token_id: 50256,
  },
};
