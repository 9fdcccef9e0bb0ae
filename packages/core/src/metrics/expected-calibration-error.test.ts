import { expectedCalibrationError } from './expected-calibration-error.js';

describe('expectedCalibrationError', () => {
  it('weights each bin gap by its share of the examples', () => {
    // 10 bins: 0.9 in (0.8, 0.9] right, 0.8 in (0.7, 0.8] wrong, 0.6 in (0.5, 0.6] right:
    // (|1 − 0.9| + |0 − 0.8| + |1 − 0.6|) / 3 = 1.3 / 3.
    const report = expectedCalibrationError([0.9, 0.8, 0.6], [true, false, true]);
    expect(report.expectedCalibrationError).toBeCloseTo(1.3 / 3, 12);
    expect(report.bins.map((bin) => bin.count)).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 1, 0]);
    // 2 bins: all three in (0.5, 1], confidence 2.3 / 3, accuracy 2 / 3 → 0.1.
    expect(expectedCalibrationError([0.9, 0.8, 0.6], [true, false, true], { bins: 2 }).expectedCalibrationError).toBeCloseTo(0.1, 12);
  });

  it('is 0 for perfect calibration and NaN for no examples', () => {
    expect(expectedCalibrationError([1, 1, 0.5, 0.5], [true, true, true, false], { bins: 4 }).expectedCalibrationError).toBe(0);
    expect(expectedCalibrationError([], []).expectedCalibrationError).toBeNaN();
  });

  it('refuses confidences outside [0, 1]', () => {
    expect(() => expectedCalibrationError([1.2], [true])).toThrow(/entry 0 is 1.2/);
  });
});
