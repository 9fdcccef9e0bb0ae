import { accuracy } from './accuracy.js';

describe('accuracy', () => {
  it('is the share of matching labels', () => {
    expect(accuracy([1, 0, 1, 1], [1, 1, 1, 0])).toBe(0.5);
    expect(accuracy(['yes', 'no'], ['yes', 'no'])).toBe(1);
  });

  it('is NaN for no examples and refuses lists of different lengths', () => {
    expect(accuracy([], [])).toBeNaN();
    expect(() => accuracy([1, 0], [1])).toThrow(/'actual' and 'predicted' passed to 'accuracy' must have one entry per example, but got 2 and 1/);
  });
});
