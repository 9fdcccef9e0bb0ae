import type { HostTensor } from '@causal-tune/graph';
import { layoutBatch, type SequenceLayout } from '@causal-tune/models';
import { buildLossTargets, type LossExample, type LossWeighting } from './loss-targets.js';

/** The feeds of one micro-batch and its size. */
export interface CollatedBatch {
  readonly feeds: Record<string, HostTensor>;
  /** Real (non-padding) tokens, for tokens/s. */
  readonly tokenCount: number;
  readonly rows: number;
}

/**
 * Right-pads a micro-batch with models' one collator (`layoutBatch`, which inference uses with
 * left padding) in the method's sequence layout, and adds the loss inputs: loss_positions,
 * loss_targets, loss_weights and answer_positions (indices into the flattened [batch · queries]
 * hidden states, after the virtual tokens of prompt layouts).
 */
export function collateBatch(examples: readonly LossExample[], layout: SequenceLayout, padTokenId: number, weighting: LossWeighting, totals: { readonly totalExamples: number; readonly totalTokens: number }): CollatedBatch {
  const batch = layoutBatch(
    examples.map((example) => example.inputIds),
    layout,
    { padTokenId, padding: 'right' },
  );
  const { rows, queries } = batch;
  const offset = batch.firstTokenQuery[0] ?? 0; // right padding: the same for every row
  const answerPositions = BigInt64Array.from(examples, (example, row) => BigInt(row * queries + offset + example.answerPosition));
  const loss = buildLossTargets(examples, queries, offset, weighting, totals);
  const int64 = (data: BigInt64Array, dims: number[]): HostTensor => ({ dtype: 'int64', dims, data });
  return {
    rows,
    tokenCount: examples.reduce((sum, example) => sum + example.inputIds.length, 0),
    feeds: {
      ...batch.feeds,
      loss_positions: int64(loss.positions, [loss.count]),
      loss_targets: int64(loss.targets, [loss.count]),
      loss_weights: { dtype: 'float32', dims: [loss.count], data: loss.weights },
      answer_positions: int64(answerPositions, [rows]),
    },
  };
}
