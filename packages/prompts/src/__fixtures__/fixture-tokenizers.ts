import { fileURLToPath } from 'node:url';
import type { Tokenizer } from '@causal-tune/core';
import { AutoTokenizer, env } from '@huggingface/transformers';

/**
 * The repository's fixtures/models directory: stories260K (Llama BPE, 512 tokens, BOS 1, EOS 2)
 * and gpt2-tokenizer (GPT-2 byte-level BPE, no BOS, EOS = pad = 50256).
 */
export const FIXTURE_MODELS_DIR = fileURLToPath(new URL('../../../../fixtures/models/', import.meta.url));

/** Loads the real stories260K tokenizer offline (see {@link loadFixtureTokenizer}). */
export function loadStoriesTokenizer(): Promise<Tokenizer> {
  return loadFixtureTokenizer('stories260K', 512, null);
}

/** Loads the real GPT-2 tokenizer offline (see {@link loadFixtureTokenizer}). */
export function loadGpt2Tokenizer(): Promise<Tokenizer> {
  return loadFixtureTokenizer('gpt2-tokenizer', 50257, 50256);
}

/**
 * Loads a fixture tokenizer offline and adapts it to the core Tokenizer contract, the way the
 * models package does. Test-only: prompts never loads tokenizers itself.
 */
async function loadFixtureTokenizer(name: string, vocabSize: number, padTokenId: number | null): Promise<Tokenizer> {
  env.allowRemoteModels = false;
  env.localModelPath = FIXTURE_MODELS_DIR;
  const tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: true });
  return {
    encode: (text, options) => tokenizer.encode(text, { add_special_tokens: options?.addSpecialTokens ?? true }),
    decode: (ids, options) => tokenizer.decode([...ids], { skip_special_tokens: options?.skipSpecialTokens ?? false }),
    vocabSize,
    bosTokenId: tokenizer.bos_token_id ?? null,
    eosTokenId: tokenizer.eos_token_id ?? null,
    padTokenId, // stories260K's tokenizer_config.json declares no pad token
    chatTemplate: tokenizer.chat_template ?? null,
    specialTokens: tokenizer.all_special_tokens,
  };
}
