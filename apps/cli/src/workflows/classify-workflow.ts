import { ToolkitError, type RunOptions } from '@causal-tune/core';
import type { ClassificationMetrics, ClassifyOptions, ClassifyResult, LoadedRecords, Predictor } from '@causal-tune/inference';
import type { PredictorRuntime } from '../commands/predictor-flags.js';

/** Where a predictor comes from and how it runs. */
export interface PredictorRequest {
  readonly runDir: string;
  readonly runtime: PredictorRuntime;
}

/** What {@link runClassification} returns: the records, their classification and, when labelled, metrics. */
export interface ClassificationRun {
  readonly runDir: string;
  readonly data: LoadedRecords;
  readonly result: ClassifyResult;
  readonly metrics?: ClassificationMetrics;
  readonly loadMs: number;
}

/**
 * Loads a run's predictor and the data file, classifies every record and, with `score`, scores
 * them: the work of `ctune eval` and `ctune predict`, as data. @causal-tune/inference is
 * imported on demand (it brings onnxruntime and the graph compiler).
 */
export async function runClassification(
  request: PredictorRequest & { readonly dataPath: string; readonly lenient: boolean; readonly score: boolean; readonly courtOnly?: boolean },
  classifyOptions: ClassifyOptions,
  runOptions: RunOptions = {},
): Promise<ClassificationRun> {
  const { classificationMetrics, loadPredictor, loadRecords } = await import('@causal-tune/inference');
  const started = performance.now();
  const predictor: Predictor = await loadPredictor(
    { runDir: request.runDir },
    { ...request.runtime, ...(runOptions.logger === undefined ? {} : { logger: runOptions.logger }) },
  );
  try {
    const data = await loadRecords(request.dataPath, { requireLabels: request.score, lenient: request.lenient, ...runOptions });
    if (request.courtOnly === true && data.kind !== 'court') {
      throw new ToolkitError('USAGE_INVALID', `ctune predict writes the court submission format (ID, first_party_winner), but ${data.file} is Alpaca-style instruction data. Use ctune eval for labelled instruction data.`, { details: { file: data.file } });
    }
    const loadMs = performance.now() - started;
    const result = await predictor.classify(data.records, { ...classifyOptions, ...runOptions });
    return { runDir: request.runDir, data, result, loadMs, ...(request.score ? { metrics: classificationMetrics(data.records, result, predictor.verbalizer) } : {}) };
  } finally {
    await predictor.release();
  }
}
