import { assert } from '@causal-tune/core';

/** Options of {@link planLengthBatches}. */
export interface LengthBatchOptions {
  /** Most rows per batch. */
  readonly batchSize: number;
  /** Most padded tokens per batch (rows × longest row); a longer single row still gets a batch. */
  readonly maxBatchTokens?: number;
}

/**
 * Groups items into batches of similar length, so that little compute goes to padding: indices
 * are sorted by length (longest first, so a too-large batch fails early rather than at the end)
 * and cut into runs of at most `batchSize` rows and `maxBatchTokens` padded tokens. Returns
 * arrays of original indices; callers put results back in input order.
 *
 * @example
 * planLengthBatches([5, 100, 7, 98], { batchSize: 2 }); // [[1, 3], [2, 0]]
 */
export function planLengthBatches(lengths: readonly number[], options: LengthBatchOptions): number[][] {
  const { batchSize } = options;
  const maxBatchTokens = options.maxBatchTokens ?? Number.POSITIVE_INFINITY;
  assert(Number.isInteger(batchSize) && batchSize > 0, () => `Option 'batchSize' passed to 'planLengthBatches' must be a positive integer, but got ${batchSize}.`);
  // Stable: equal lengths keep input order, so plans are deterministic.
  const order = lengths.map((length, index) => ({ length, index })).sort((a, b) => b.length - a.length || a.index - b.index);
  const batches: number[][] = [];
  let current: number[] = [];
  let longest = 0;
  for (const { length, index } of order) {
    const nextLongest = Math.max(longest, length);
    if (current.length > 0 && (current.length >= batchSize || nextLongest * (current.length + 1) > maxBatchTokens)) {
      batches.push(current);
      current = [];
      longest = 0;
    }
    current.push(index);
    longest = Math.max(longest, length);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
