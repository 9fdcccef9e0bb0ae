import { confusionMatrix } from './confusion-matrix.js';
import type { MetricLabel } from './metric-inputs.js';

/** Precision, recall and F1 of one class, one-vs-rest. */
export interface ClassScores {
  readonly label: MetricLabel;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Examples whose actual label is this one. */
  readonly support: number;
}

/**
 * Precision, recall and F1 per class; a ratio with a zero denominator is 0 (scikit-learn's
 * `zero_division=0`).
 */
export function classScores(actual: readonly MetricLabel[], predicted: readonly MetricLabel[], labels?: readonly MetricLabel[]): ClassScores[] {
  const { labels: order, counts } = confusionMatrix(actual, predicted, labels);
  return order.map((label, index) => {
    const truePositives = counts[index]![index]!;
    const support = counts[index]!.reduce((sum, count) => sum + count, 0);
    const predictedCount = counts.reduce((sum, row) => sum + row[index]!, 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
}

/**
 * The unweighted mean of the per-class F1 scores over `labels` (default: every label seen in
 * either list), as scikit-learn's `f1_score(average='macro')`; NaN for no examples.
 *
 * @example
 * macroF1([1, 0, 1, 1], [1, 1, 1, 0]); // (F1 of 0 = 0 + F1 of 1 = 2/3) / 2 = 1/3
 */
export function macroF1(actual: readonly MetricLabel[], predicted: readonly MetricLabel[], labels?: readonly MetricLabel[]): number {
  const scores = classScores(actual, predicted, labels);
  if (actual.length === 0 || scores.length === 0) return Number.NaN;
  return scores.reduce((sum, score) => sum + score.f1, 0) / scores.length;
}
