import { assert } from '../assert/assert.js';
import { assertSameLength, resolveLabels, type MetricLabel } from './metric-inputs.js';

/** Counts of (actual, predicted) pairs. */
export interface ConfusionMatrix {
  /** Row and column order. */
  readonly labels: readonly MetricLabel[];
  /** `counts[i][j]`: examples of actual `labels[i]` predicted as `labels[j]` (scikit-learn's layout). */
  readonly counts: readonly (readonly number[])[];
}

/**
 * The confusion matrix, rows actual and columns predicted, over `labels` (default: every label
 * seen, numbers ascending). A label outside an explicit `labels` list is an error.
 *
 * @example
 * confusionMatrix([1, 0, 1, 1], [1, 1, 1, 0]).counts; // labels [0, 1]: [[0, 1], [1, 2]]
 */
export function confusionMatrix(actual: readonly MetricLabel[], predicted: readonly MetricLabel[], labels?: readonly MetricLabel[]): ConfusionMatrix {
  assertSameLength('confusionMatrix', { name: 'actual', values: actual }, { name: 'predicted', values: predicted });
  const order = resolveLabels(actual, predicted, labels);
  const index = new Map(order.map((label, position) => [label, position]));
  const counts = order.map(() => order.map(() => 0));
  actual.forEach((label, example) => {
    const row = index.get(label);
    const column = index.get(predicted[example]!);
    assert(
      row !== undefined && column !== undefined,
      () => `Argument 'labels' passed to 'confusionMatrix' lists ${JSON.stringify(order)}, but example ${example} has actual ${JSON.stringify(label)} and predicted ${JSON.stringify(predicted[example])}.`,
    );
    counts[row]![column]! += 1;
  });
  return { labels: order, counts };
}
