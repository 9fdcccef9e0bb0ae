import { parseWithSchema } from '@causal-tune/core';
import type { Tokenizer } from '@causal-tune/core';
import { z } from 'zod';
import { DEFAULT_ANSWER_CONTEXT } from '../verbalizer/verbalizer-tokens.js';
import { continuationTokenIds } from './continuation-tokens.js';

/** Key tokens for the key-token weighted loss, from words. */
export interface KeyTokens {
  /** The distinct key token ids, ascending. */
  readonly ids: readonly number[];
  /** Each word with the ids it contributed. */
  readonly words: readonly { readonly word: string; readonly tokenIds: readonly number[] }[];
}

/** Options of {@link resolveKeyTokens}. */
export interface ResolveKeyTokensOptions {
  /** The text the words are encoded after; default {@link DEFAULT_ANSWER_CONTEXT}. */
  readonly context?: string;
  /**
   * Keep only each word's first token (default true). Later pieces of a word are often common
   * sub-words (Llama splits "yes" into `y` + `es`, and `es` is also inside "Response"), while
   * the first token is where the model decides the answer.
   */
  readonly firstTokenOnly?: boolean;
}

const wordsSchema = z.array(z.string().refine((word) => word.trim() !== '', 'Expected a non-empty word.')).min(1, 'Expected at least one word.');

/**
 * Turns key words (usually the verbalizer's words) into token ids, each word encoded in the
 * context it appears in (after the prompt), as {@link continuationTokenIds} explains.
 *
 * @throws ToolkitError `CONFIG_INVALID` for no words or an empty word.
 *
 * @example
 * resolveKeyTokens(['yes', 'no'], tokenizer).ids; // first tokens of "yes" and "no" after "### Response:\n"
 */
export function resolveKeyTokens(words: readonly string[], tokenizer: Tokenizer, options: ResolveKeyTokensOptions = {}): KeyTokens {
  parseWithSchema(wordsSchema, words, "Argument 'words' passed to 'resolveKeyTokens'");
  const context = options.context ?? DEFAULT_ANSWER_CONTEXT;
  const firstTokenOnly = options.firstTokenOnly ?? true;
  const perWord = words.map((word) => {
    const { tokenIds } = continuationTokenIds(tokenizer, context, word);
    return { word, tokenIds: firstTokenOnly ? tokenIds.slice(0, 1) : tokenIds };
  });
  const ids = [...new Set(perWord.flatMap((entry) => entry.tokenIds))].sort((a, b) => a - b);
  return { ids, words: perWord };
}

/**
 * How many positions of `inputIds` hold a key token (each occurrence counts). The trainer
 * uses it to normalise the key-token weighted loss per example.
 */
export function countKeyTokens(inputIds: readonly number[], keyTokenIds: Iterable<number>): number {
  const keys = keyTokenIds instanceof Set ? (keyTokenIds as Set<number>) : new Set(keyTokenIds);
  if (keys.size === 0) return 0;
  let count = 0;
  for (const id of inputIds) if (keys.has(id)) count += 1;
  return count;
}
