import type { GraphSession, HostTensor } from '@causal-tune/graph';
import { accuracy, macroF1, rocAuc } from '@causal-tune/core';
import type { EvaluationMetrics } from '@causal-tune/runs';
import type { SequenceLayout } from '@causal-tune/models';
import { collateBatch } from '../data/collate.js';
import { predictedTokenCount, type LossWeighting } from '../data/loss-targets.js';
import type { TrainingExample } from '../data/training-example.js';

/** Validation metrics of one evaluation (the run directory's eval lines and eval.json). */
export type { EvaluationMetrics };

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  readonly layout: SequenceLayout;
  readonly padTokenId: number;
  readonly weighting: LossWeighting;
  readonly microBatchSize: number;
  /** Index of the positive class for ROC-AUC. */
  readonly positiveClass: number;
  /** Current trainable tensors, fed with every batch. */
  readonly trainableFeeds: Readonly<Record<string, HostTensor>>;
  /** The method's extra inputs, in evaluation mode (LoRA dropout off). */
  readonly extraFeeds: (options: { readonly batch: number; readonly seq: number; readonly draw: string; readonly training: boolean }) => Record<string, HostTensor>;
}

/**
 * Runs the training graph forward only (fetching `loss` and `class_logits`; onnxruntime skips
 * the backward nodes) over the validation examples and scores the verbalizer's answer.
 */
export async function evaluate(session: GraphSession, examples: readonly TrainingExample[], options: EvaluateOptions): Promise<EvaluationMetrics> {
  const totals = { totalExamples: examples.length, totalTokens: examples.reduce((sum, example) => sum + predictedTokenCount(example), 0) };
  let loss = 0;
  const truth: number[] = [];
  const predicted: number[] = [];
  const scores: number[] = [];
  for (let start = 0; start < examples.length; start += options.microBatchSize) {
    const batch = examples.slice(start, start + options.microBatchSize);
    const { feeds } = collateBatch(batch, options.layout, options.padTokenId, options.weighting, totals);
    const extra = options.extraFeeds({ batch: batch.length, seq: feeds.position_ids!.dims[1]!, draw: 'eval', training: false });
    const result = await session.run({ ...feeds, ...extra, ...options.trainableFeeds }, ['loss', 'class_logits']);
    loss += (result.loss!.data as Float32Array)[0]!;
    const logits = result.class_logits!.data as Float32Array;
    const classes = result.class_logits!.dims[1]!;
    batch.forEach((example, row) => {
      if (example.classIndex === undefined) return;
      const rowLogits = Array.from(logits.subarray(row * classes, (row + 1) * classes));
      const max = Math.max(...rowLogits);
      const exps = rowLogits.map((value) => Math.exp(value - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      truth.push(example.classIndex);
      predicted.push(rowLogits.indexOf(max));
      scores.push(exps[options.positiveClass]! / sum);
    });
  }
  const positives = truth.map((label) => (label === options.positiveClass ? 1 : 0));
  return {
    loss,
    accuracy: truth.length ? accuracy(truth, predicted) : Number.NaN,
    macroF1: truth.length ? macroF1(truth, predicted) : Number.NaN,
    rocAuc: truth.length ? rocAuc(positives, scores) : Number.NaN,
    positiveShare: truth.length ? positives.reduce((sum: number, value) => sum + value, 0) / truth.length : Number.NaN,
    examples: examples.length,
  };
}
