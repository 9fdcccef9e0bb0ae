import type { ClassifyInput } from '../classify/encode-prompts.js';
import type { ClassifyOptions, ClassifyResult } from '../classify/classify.js';
import type { Predictor } from '../predictor/predictor.js';
import { classificationMetrics, type ClassificationMetrics } from './classification-metrics.js';

/** What {@link evaluate} returns. */
export interface Evaluation {
  readonly metrics: ClassificationMetrics;
  readonly result: ClassifyResult;
}

/**
 * Classifies labelled inputs and scores them: accuracy, macro-F1, ROC-AUC, confusion matrix and
 * expected calibration error (`ctune eval`).
 *
 * @example
 * const { metrics } = await evaluate(predictor, (await loadRecords('valid.csv', { requireLabels: true })).records);
 * metrics.accuracy;
 */
export async function evaluate(predictor: Predictor, inputs: readonly ClassifyInput[], options: ClassifyOptions = {}): Promise<Evaluation> {
  const result = await predictor.classify(inputs, options);
  return { metrics: classificationMetrics(inputs, result, predictor.verbalizer), result };
}
