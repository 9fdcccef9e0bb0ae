import { fileURLToPath } from 'node:url';
import type { Tokenizer } from '@causal-tune/core';
import { AutoTokenizer, env } from '@huggingface/transformers';

/** The repository's fixtures/models directory (stories260K: Llama BPE, 512 tokens, BOS 1, EOS 2). */
export const FIXTURE_MODELS_DIR = fileURLToPath(new URL('../../../../fixtures/models/', import.meta.url));

/**
 * Loads the real stories260K tokenizer offline and adapts it to the core Tokenizer contract,
 * the way the models package will. Test-only: prompts never loads tokenizers itself.
 */
export async function loadStoriesTokenizer(): Promise<Tokenizer> {
  env.allowRemoteModels = false;
  env.localModelPath = FIXTURE_MODELS_DIR;
  const tokenizer = await AutoTokenizer.from_pretrained('stories260K', { local_files_only: true });
  return {
    encode: (text, options) => tokenizer.encode(text, { add_special_tokens: options?.addSpecialTokens ?? true }),
    decode: (ids, options) => tokenizer.decode([...ids], { skip_special_tokens: options?.skipSpecialTokens ?? false }),
    vocabSize: 512,
    bosTokenId: tokenizer.bos_token_id ?? null,
    eosTokenId: tokenizer.eos_token_id ?? null,
    padTokenId: null, // tokenizer_config.json declares no pad token; LLaMA pads with EOS
    chatTemplate: tokenizer.chat_template ?? null,
    specialTokens: tokenizer.all_special_tokens,
  };
}
