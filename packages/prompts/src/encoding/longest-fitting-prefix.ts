/** The result of {@link longestFittingPrefix}. */
export interface FittingPrefix {
  /** The longest prefix found that fits, cut at a word boundary (possibly empty). */
  readonly prefix: string;
  /** `measure(prefix)`. */
  readonly measured: number;
  /** How many times `measure` was called (each call is one tokenization). */
  readonly evaluations: number;
}

const SPACE = /\s/u;

/**
 * Positions where `value` may be cut: 0, the end of every word (before the whitespace that
 * follows it) and the end. A value with no whitespace at all may be cut between any two code
 * points instead.
 */
export function cutPoints(value: string): number[] {
  const points = [0];
  for (let index = 1; index < value.length; index += 1) {
    if (SPACE.test(value[index] as string) && !SPACE.test(value[index - 1] as string)) points.push(index);
  }
  if (points.length === 1) {
    for (let index = 1; index < value.length; index += 1) {
      const code = value.charCodeAt(index);
      if (code < 0xdc00 || code > 0xdfff) points.push(index); // never split a surrogate pair
    }
  }
  if (value.length > 0) points.push(value.length);
  return points;
}

/**
 * Finds the longest word-boundary prefix of `value` with `measure(prefix) <= limit`, where
 * `measure` is monotone in the prefix (a token count). The caller knows the bounds:
 * `measure('')` fits (`emptyMeasure`) and `measure(value)` does not (`fullMeasure`).
 *
 * Token counts grow almost linearly with characters, so each probe interpolates between the
 * bounds (regula falsi) and every other probe bisects, which keeps the worst case at about
 * 2·log2(words) tokenizations while the usual case takes two or three.
 */
export function longestFittingPrefix(
  value: string,
  limit: number,
  measure: (prefix: string) => number,
  bounds: { readonly emptyMeasure: number; readonly fullMeasure: number },
): FittingPrefix {
  const points = cutPoints(value);
  let low = 0;
  let lowMeasure = bounds.emptyMeasure;
  let high = points.length - 1;
  let highMeasure = bounds.fullMeasure;
  let evaluations = 0;
  while (high - low > 1) {
    let probe: number;
    if (evaluations % 2 === 1) {
      probe = (low + high) >> 1;
    } else {
      const fraction = (limit - lowMeasure) / (highMeasure - lowMeasure);
      const position = (points[low] as number) + fraction * ((points[high] as number) - (points[low] as number));
      probe = lastPointAtOrBefore(points, position);
      probe = Math.min(Math.max(probe, low + 1), high - 1);
    }
    const measured = measure(value.slice(0, points[probe]));
    evaluations += 1;
    if (measured <= limit) {
      low = probe;
      lowMeasure = measured;
    } else {
      high = probe;
      highMeasure = measured;
    }
  }
  return { prefix: value.slice(0, points[low]), measured: lowMeasure, evaluations };
}

function lastPointAtOrBefore(points: readonly number[], position: number): number {
  let low = 0;
  let high = points.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((points[middle] as number) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}
