import type { Tokenizer } from '@causal-tune/core';

/**
 * The tokenizer of a local Hugging Face directory (tokenizer.json + tokenizer_config.json), for
 * `--tokenizer DIR`. Imported on demand: @causal-tune/models brings the graph compiler and
 * transformers.js, which commands without `--tokenizer` never need.
 */
export async function loadTokenizerDirectory(directory: string): Promise<Tokenizer> {
  const { loadTokenizer } = await import('@causal-tune/models');
  return loadTokenizer(directory);
}
