import { classScores, macroF1 } from './macro-f1.js';

describe('macroF1', () => {
  it('averages per-class F1 computed by hand', () => {
    // class 0: P 1, R 2/3, F1 0.8; class 1: P 1/2, R 1/2, F1 1/2; class 2: P 1/2, R 1, F1 2/3.
    const actual = [0, 0, 0, 1, 1, 2];
    const predicted = [0, 0, 1, 1, 2, 2];
    expect(macroF1(actual, predicted)).toBeCloseTo(59 / 90, 12);
    const scores = classScores(actual, predicted);
    expect(scores.map((score) => score.f1)).toEqual([expect.closeTo(0.8, 12), 0.5, expect.closeTo(2 / 3, 12)]);
    expect(scores.map((score) => score.support)).toEqual([3, 2, 1]);
  });

  it('counts a class never predicted as F1 0 (zero_division 0)', () => {
    expect(macroF1([1, 0, 1, 1], [1, 1, 1, 1])).toBeCloseTo((0 + 6 / 7) / 2, 12); // class 1: P 3/4, R 1, F1 6/7
    expect(macroF1([], [])).toBeNaN();
  });
});
