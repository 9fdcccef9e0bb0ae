import { assert } from '../assert/assert.js';
import { assertSameLength } from './metric-inputs.js';

/** Options of {@link expectedCalibrationError}. */
export interface CalibrationOptions {
  /** Equal-width confidence bins over [0, 1]; default 10 (Guo et al. 2017). */
  readonly bins?: number;
}

/** One confidence bin of a reliability diagram. */
export interface CalibrationBin {
  /** The bin is (lower, upper], the first one [0, upper]. */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean confidence of the bin's examples (NaN when empty). */
  readonly confidence: number;
  /** Share of the bin's examples that were right (NaN when empty). */
  readonly accuracy: number;
}

/** The expected calibration error and the bins it was computed from. */
export interface CalibrationReport {
  readonly expectedCalibrationError: number;
  readonly bins: readonly CalibrationBin[];
}

/**
 * Expected calibration error (Naeini et al. 2015; Guo et al. 2017): examples are binned by the
 * confidence of their predicted label into equal-width bins, and
 * ECE = Σ_b (n_b / N) · |accuracy_b − confidence_b|. NaN for no examples.
 *
 * @param confidences the probability the model gave its predicted label, in [0, 1].
 * @param correct whether that prediction was right.
 *
 * @example
 * expectedCalibrationError([0.9, 0.8, 0.6], [true, false, true], { bins: 2 }).expectedCalibrationError;
 * // bin (0.5, 1]: 3 examples, confidence 0.7667, accuracy 0.6667 → 0.1
 */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], options: CalibrationOptions = {}): CalibrationReport {
  assertSameLength('expectedCalibrationError', { name: 'confidences', values: confidences }, { name: 'correct', values: correct });
  const binCount = options.bins ?? 10;
  assert(Number.isInteger(binCount) && binCount > 0, () => `Option 'bins' passed to 'expectedCalibrationError' must be a positive integer, but got ${binCount}.`);
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  confidences.forEach((confidence, index) => {
    assert(confidence >= 0 && confidence <= 1, () => `Argument 'confidences' passed to 'expectedCalibrationError' must hold probabilities in [0, 1], but entry ${index} is ${confidence}.`);
    const bin = Math.min(binCount - 1, Math.max(0, Math.ceil(confidence * binCount) - 1));
    const sum = sums[bin]!;
    sum.count += 1;
    sum.confidence += confidence;
    if (correct[index]) sum.correct += 1;
  });
  const total = confidences.length;
  const bins = sums.map((sum, index) => ({
    lower: index / binCount,
    upper: (index + 1) / binCount,
    count: sum.count,
    confidence: sum.count === 0 ? Number.NaN : sum.confidence / sum.count,
    accuracy: sum.count === 0 ? Number.NaN : sum.correct / sum.count,
  }));
  if (total === 0) return { expectedCalibrationError: Number.NaN, bins };
  const error = bins.reduce((sum, bin) => (bin.count === 0 ? sum : sum + (bin.count / total) * Math.abs(bin.accuracy - bin.confidence)), 0);
  return { expectedCalibrationError: error, bins };
}
