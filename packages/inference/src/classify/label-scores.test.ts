import { calibrate, labelProbabilities, meanProbabilities } from './label-scores.js';

describe('label scores', () => {
  it('softmaxes the label log-probabilities and reports their mass', () => {
    const { probabilities, labelMass } = labelProbabilities([Math.log(0.3), Math.log(0.1)]);
    expect(probabilities[0]).toBeCloseTo(0.75, 12);
    expect(probabilities[1]).toBeCloseTo(0.25, 12);
    expect(labelMass).toBeCloseTo(0.4, 12);
  });

  it('calibrates by dividing by the content-free probabilities and renormalising (Zhao et al. 2021)', () => {
    // p = (0.75, 0.25), content-free (0.9, 0.1): (0.833, 2.5) / 3.333 = (0.25, 0.75).
    const calibrated = calibrate([0.75, 0.25], [0.9, 0.1]);
    expect(calibrated[0]).toBeCloseTo(0.25, 12);
    expect(calibrated[1]).toBeCloseTo(0.75, 12);
    // A uniform content-free distribution changes nothing.
    expect(calibrate([0.6, 0.4], [0.5, 0.5])).toEqual([expect.closeTo(0.6, 12), expect.closeTo(0.4, 12)]);
  });

  it('averages several content-free distributions', () => {
    expect(meanProbabilities([[0.8, 0.2], [0.6, 0.4]])).toEqual([expect.closeTo(0.7, 12), expect.closeTo(0.3, 12)]);
  });
});
