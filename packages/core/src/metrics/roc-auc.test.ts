import { rocAuc } from './roc-auc.js';

describe('rocAuc', () => {
  it('is the share of positive-negative pairs ranked right', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(rocAuc([false, true], [0.2, 0.9])).toBe(1);
    expect(rocAuc([1, 0], [0.2, 0.9])).toBe(0);
  });

  it('counts ties as one half', () => {
    // positive 0.5 vs negatives 0.5 (tie) and 0.2 (win): 1.5; positive 0.9: 2 → 3.5 / 4.
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('is NaN when a class is absent', () => {
    expect(rocAuc([1, 1], [0.2, 0.9])).toBeNaN();
  });
});
