import type { Tokenizer } from '@causal-tune/core';

/** The token ids a text gets when it follows a given prefix. */
export interface ContinuationTokens {
  /** Ids of the continuation as encoded after the prefix. */
  readonly tokenIds: number[];
  /** Ids of the prefix alone (with the tokenizer's special tokens). */
  readonly prefixIds: number[];
  /**
   * True when tokenizing the joined text merged the end of the prefix with the start of the
   * continuation (the ids of the prefix alone are not a prefix of the joined ids). The ids
   * from the first difference on are then counted as the continuation's.
   */
  readonly boundaryMerged: boolean;
}

/** Number of leading ids the two arrays share. */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a[index] === b[index]) index += 1;
  return index;
}

/**
 * The ids of `continuation` as a causal LM sees it after `prefix`: encode prefix + continuation,
 * encode the prefix alone, and keep what follows their common prefix. A word's ids depend on
 * what precedes it (Llama's SentencePiece gives "yes" at the start of a text `▁y es`, but after
 * "### Response:\n" `y es` with other ids; GPT-2 gives " yes" and "yes" different ids), so
 * the answer's ids must be read in the context where the model predicts them.
 */
export function continuationTokenIds(tokenizer: Tokenizer, prefix: string, continuation: string): ContinuationTokens {
  const prefixIds = tokenizer.encode(prefix);
  const joinedIds = tokenizer.encode(prefix + continuation);
  const shared = commonPrefixLength(prefixIds, joinedIds);
  return { tokenIds: joinedIds.slice(shared), prefixIds, boundaryMerged: shared < prefixIds.length };
}
