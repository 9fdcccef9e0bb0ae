import { assertSameLength, type MetricLabel } from './metric-inputs.js';

/**
 * The share of examples whose predicted label equals the actual one; NaN for no examples.
 *
 * @example
 * accuracy([1, 0, 1, 1], [1, 1, 1, 0]); // 0.5
 */
export function accuracy(actual: readonly MetricLabel[], predicted: readonly MetricLabel[]): number {
  assertSameLength('accuracy', { name: 'actual', values: actual }, { name: 'predicted', values: predicted });
  if (actual.length === 0) return Number.NaN;
  let correct = 0;
  actual.forEach((label, index) => {
    if (label === predicted[index]) correct += 1;
  });
  return correct / actual.length;
}
