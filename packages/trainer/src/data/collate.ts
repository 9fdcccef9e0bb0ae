import type { HostTensor } from '@causal-tune/graph';
import { buildLossTargets, type LossExample, type LossWeighting } from './loss-targets.js';

/**
 * How a method lays out a sequence (PEFT's conventions):
 * `none` tokens only; `prompt` (prompt tuning, p-tuning) virtual tokens are prepended to the
 * embeddings, so they get positions 0..V−1 and take part in the attention mask and the hidden
 * rows; `prefix` (prefix tuning) keys/values are prepended in every layer, so the mask grows by
 * V and the tokens' positions start at V, as transformers counts past keys.
 */
export interface SequenceLayout {
  readonly kind: 'none' | 'prompt' | 'prefix';
  readonly virtualTokens: number;
}

/** The feeds of one micro-batch and its size. */
export interface CollatedBatch {
  readonly feeds: Record<string, HostTensor>;
  /** Real (non-padding) tokens, for tokens/s. */
  readonly tokenCount: number;
  readonly rows: number;
}

/**
 * Right-pads a micro-batch (padding is masked out and ignored by the loss) and builds every
 * non-trainable input of the training graph: input_ids, attention_mask, position_ids,
 * loss_positions/targets/weights and answer_positions.
 */
export function collateBatch(examples: readonly LossExample[], layout: SequenceLayout, padTokenId: number, weighting: LossWeighting, totals: { readonly totalExamples: number; readonly totalTokens: number }): CollatedBatch {
  const rows = examples.length;
  const length = Math.max(...examples.map((example) => example.inputIds.length));
  const virtual = layout.kind === 'none' ? 0 : layout.virtualTokens;
  const keys = virtual + length;
  const queries = layout.kind === 'prompt' ? virtual + length : length;
  const inputIds = new BigInt64Array(rows * length).fill(BigInt(padTokenId));
  const attentionMask = new BigInt64Array(rows * keys);
  const positionIds = new BigInt64Array(rows * queries);
  const answerPositions = new BigInt64Array(rows);
  let tokenCount = 0;
  examples.forEach((example, row) => {
    const size = example.inputIds.length;
    tokenCount += size;
    for (let index = 0; index < size; index += 1) inputIds[row * length + index] = BigInt(example.inputIds[index]!);
    for (let index = 0; index < virtual + size; index += 1) attentionMask[row * keys + index] = 1n;
    // Positions count the attended slots before each query: virtual tokens first, then tokens.
    const start = layout.kind === 'prefix' ? virtual : 0;
    const count = layout.kind === 'prompt' ? virtual + size : size;
    for (let index = 0; index < count; index += 1) positionIds[row * queries + index] = BigInt(start + index);
    answerPositions[row] = BigInt(row * queries + (layout.kind === 'prompt' ? virtual : 0) + example.answerPosition);
  });
  const loss = buildLossTargets(examples, queries, layout.kind === 'prompt' ? virtual : 0, weighting, totals);
  const int64 = (data: BigInt64Array, dims: number[]): HostTensor => ({ dtype: 'int64', dims, data });
  return {
    rows,
    tokenCount,
    feeds: {
      input_ids: int64(inputIds, [rows, length]),
      attention_mask: int64(attentionMask, [rows, keys]),
      position_ids: int64(positionIds, [rows, queries]),
      loss_positions: int64(loss.positions, [loss.count]),
      loss_targets: int64(loss.targets, [loss.count]),
      loss_weights: { dtype: 'float32', dims: [loss.count], data: loss.weights },
      answer_positions: int64(answerPositions, [rows]),
    },
  };
}
