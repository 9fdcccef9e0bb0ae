import { ToolkitError } from '@causal-tune/core';
import type { LossType } from '@causal-tune/runs';

/** What the loss needs of one encoded example. */
export interface LossExample {
  /** Token ids of the example (no padding). */
  readonly inputIds: readonly number[];
  /** Target per position, -100 where no loss is taken (the model shifts them by one). */
  readonly labels: readonly number[];
  /** Key tokens in the example, for the key-token weighted loss. */
  readonly keyTokenCount: number;
  /** Index of the example's class in the verbalizer, for the label-word loss and class weights. */
  readonly classIndex?: number;
  /** Position whose logits predict the answer's first token (the last prompt token). */
  readonly answerPosition: number;
}

/** How the per-example losses are weighted. */
export interface LossWeighting {
  readonly type: LossType;
  readonly alpha: number;
  /** Weight per class index; 1 when absent. */
  readonly classWeights?: readonly number[];
}

/** The flat loss inputs of one micro-batch. */
export interface LossTargets {
  /** Indices into the flattened [batch · sequenceLength] hidden states. */
  readonly positions: BigInt64Array;
  /** Target token ids (or class indices for the label-word loss). */
  readonly targets: BigInt64Array;
  readonly weights: Float32Array;
  /** Number of predicted tokens (the tokens/s counter uses the full sequences instead). */
  readonly count: number;
}

/**
 * Loss rows of a micro-batch whose examples were laid out in rows of `sequenceLength` with
 * `offset` positions before each example's first token (virtual tokens of prompt tuning).
 * `totalExamples` and `totalTokens` are counted over the whole optimizer step, so that
 * gradient accumulation sums to the same loss as one big batch:
 *   1. causal-lm: each predicted token weighs cw / totalTokens (the token mean of transformers)
 *   2. key-token-weighted: each token of example e weighs α(1 + keysₑ) · cw / (tokensₑ · totalExamples),
 *      i.e. the mean of the examples' mean token losses, each scaled by α(1 + keys)
 *   3. label-word: one row per example at its answer position, weighing cw / totalExamples
 * where cw is the example's class weight (1 by default).
 */
export function buildLossTargets(examples: readonly LossExample[], sequenceLength: number, offset: number, weighting: LossWeighting, totals: { readonly totalExamples: number; readonly totalTokens: number }): LossTargets {
  const positions: bigint[] = [];
  const targets: bigint[] = [];
  const weights: number[] = [];
  examples.forEach((example, row) => {
    const classWeight = example.classIndex === undefined ? 1 : (weighting.classWeights?.[example.classIndex] ?? 1);
    const base = row * sequenceLength + offset;
    if (weighting.type === 'label-word') {
      if (example.classIndex === undefined) {
        throw new ToolkitError('CONFIG_INVALID', `The label-word loss needs a label for every example, but example ${row} of the batch has none. Use the causal-lm loss for data without labels.`);
      }
      positions.push(BigInt(base + example.answerPosition));
      targets.push(BigInt(example.classIndex));
      weights.push(classWeight / totals.totalExamples);
      return;
    }
    const predicted: number[] = [];
    for (let position = 0; position + 1 < example.labels.length; position += 1) if (example.labels[position + 1] !== -100) predicted.push(position);
    const perToken = weighting.type === 'causal-lm' ? classWeight / totals.totalTokens : (weighting.alpha * (1 + example.keyTokenCount) * classWeight) / (Math.max(1, predicted.length) * totals.totalExamples);
    for (const position of predicted) {
      positions.push(BigInt(base + position));
      targets.push(BigInt(example.labels[position + 1]!));
      weights.push(perToken);
    }
  });
  return { positions: BigInt64Array.from(positions), targets: BigInt64Array.from(targets), weights: Float32Array.from(weights), count: positions.length };
}

/** Predicted tokens of an example: positions whose next label is not -100. */
export function predictedTokenCount(example: Pick<LossExample, 'labels'>): number {
  let count = 0;
  for (let position = 1; position < example.labels.length; position += 1) if (example.labels[position] !== -100) count += 1;
  return count;
}
