import { cutPoints, longestFittingPrefix } from './longest-fitting-prefix.js';

const TEXT = 'In 1962, Phil A. St. Amant, a candidate for public office, made a television speech.';

function fit(value: string, limit: number, measure: (prefix: string) => number) {
  return longestFittingPrefix(value, limit, measure, { emptyMeasure: measure(''), fullMeasure: measure(value) });
}

describe('cutPoints', () => {
  it('lists 0, every word end and the end', () => {
    expect(cutPoints('In 1962,  Phil\nA.')).toEqual([0, 2, 8, 14, 17]);
  });

  it('falls back to code points when there is no whitespace, never splitting a surrogate pair', () => {
    expect(cutPoints('ab😀c')).toEqual([0, 1, 2, 4, 5]);
    expect(cutPoints('')).toEqual([0]);
  });
});

describe('longestFittingPrefix', () => {
  it.each([
    [20, 'In 1962, Phil A. St.'],
    [19, 'In 1962, Phil A.'],
    [2, 'In'],
    [1, ''],
    [TEXT.length - 1, TEXT.slice(0, TEXT.lastIndexOf(' '))],
  ])('keeps whole words: limit %i → %j', (limit, expected) => {
    expect(fit(TEXT, limit, (prefix) => prefix.length).prefix).toBe(expected);
  });

  it('finds the longest fitting prefix under a non-linear measure', () => {
    // Words count double once the prefix passes 40 characters.
    const measure = (prefix: string) => prefix.length + Math.max(0, prefix.length - 40);
    const result = fit(TEXT, 60, measure);
    expect(measure(result.prefix)).toBeLessThanOrEqual(60);
    const next = cutPoints(TEXT).find((point) => point > result.prefix.length) as number;
    expect(measure(TEXT.slice(0, next))).toBeGreaterThan(60);
    expect(result.measured).toBe(measure(result.prefix));
  });

  it('needs few measurements on a long text with a near-linear measure', () => {
    const long = Array.from({ length: 2000 }, (_, index) => `word${index % 97}`).join(' ');
    let calls = 0;
    const measure = (prefix: string) => {
      calls += 1;
      return Math.ceil(prefix.length / 4.3) + (prefix.match(/ /g)?.length ?? 0) % 3;
    };
    const bounds = { emptyMeasure: measure(''), fullMeasure: measure(long) };
    calls = 0;
    const result = longestFittingPrefix(long, 1000, measure, bounds);
    expect(measure(result.prefix)).toBeLessThanOrEqual(1000);
    expect(result.evaluations).toBe(calls - 1);
    expect(result.evaluations).toBeLessThanOrEqual(12); // bisection alone would need about 11 on 2000 words
  });
});
