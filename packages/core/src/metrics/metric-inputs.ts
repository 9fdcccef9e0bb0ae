import { assert } from '../assert/assert.js';

/** A class label as metrics see it: an integer (`first_party_winner`) or a name. */
export type MetricLabel = number | string;

/** Checks that two per-example arrays passed to `metric` have the same length. */
export function assertSameLength(metric: string, first: { readonly name: string; readonly values: readonly unknown[] }, second: { readonly name: string; readonly values: readonly unknown[] }): void {
  assert(
    first.values.length === second.values.length,
    () => `Arguments '${first.name}' and '${second.name}' passed to '${metric}' must have one entry per example, but got ${first.values.length} and ${second.values.length}.`,
  );
}

/**
 * The labels of a classification report: the ones given, else every label seen in `actual` or
 * `predicted`, numbers ascending before names ascending (scikit-learn's `unique_labels`).
 */
export function resolveLabels(actual: readonly MetricLabel[], predicted: readonly MetricLabel[], labels?: readonly MetricLabel[]): MetricLabel[] {
  if (labels !== undefined) return [...labels];
  const seen = [...new Set([...actual, ...predicted])];
  const numbers = seen.filter((label): label is number => typeof label === 'number').sort((a, b) => a - b);
  const names = seen.filter((label): label is string => typeof label === 'string').sort();
  return [...numbers, ...names];
}
