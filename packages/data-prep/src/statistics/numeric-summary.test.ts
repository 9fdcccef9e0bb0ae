import { quantile, summarizeNumbers } from './numeric-summary.js';

describe('summarizeNumbers', () => {
  it('computes min, max, mean, interpolated percentiles and an equal-width histogram', () => {
    const values = Array.from({ length: 101 }, (_, index) => index); // 0 … 100
    const summary = summarizeNumbers(values, { bins: 4 });
    expect(summary).toMatchObject({ count: 101, min: 0, max: 100, mean: 50 });
    expect(summary.percentiles).toEqual({ p5: 5, p25: 25, p50: 50, p75: 75, p95: 95, p99: 99 });
    expect(summary.histogram).toEqual({ binEdges: [0, 25, 50, 75, 100], counts: [25, 25, 25, 26] });
    expect(quantile([1, 2], 0.5)).toBe(1.5);
  });

  it('handles one distinct value, a fixed range and no values', () => {
    expect(summarizeNumbers([7, 7], { bins: 2 }).histogram).toEqual({ binEdges: [7, 8, 9], counts: [2, 0] });
    expect(summarizeNumbers([1, 5, 50], { bins: 2, range: [0, 10] }).histogram).toEqual({ binEdges: [0, 5, 10], counts: [1, 2] });
    expect(summarizeNumbers([]).count).toBe(0);
  });
});
