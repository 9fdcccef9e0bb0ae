import { ToolkitError } from '@causal-tune/core';
import { train } from '@causal-tune/trainer';
import type { ConfusionMatrix, RunOptions } from '@causal-tune/core';
import { basename } from 'node:path';
import type { TrainFunction } from '../hooks/use-training-run.js';
import { runPrep } from '../../workflows/prep-workflow.js';
import type { PrepResult } from '../../workflows/prep-workflow.js';
import { runPromptsPreview } from '../../workflows/prompts-workflow.js';
import type { PromptsPreviewOptions, PromptsPreviewResult } from '../../workflows/prompts-workflow.js';
import { runClassification } from '../../workflows/classify-workflow.js';
import { readRun, readRuns } from './read-runs.js';
import type { RunSummary } from './read-runs.js';

/** What the evaluate screen shows: metrics on a labelled data file and the confusion matrix. */
export interface EvaluationReport {
  /** accuracy, macroF1, rocAuc, ... by name. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly confusion: ConfusionMatrix;
  /** Display names of the labels (the verbalizer's words), e.g. `{ '1': 'yes', '0': 'no' }`. */
  readonly labelNames: Readonly<Record<string, string>>;
  readonly examples: number;
}

/** What the predict screen shows after writing a submission. */
export interface PredictionReport {
  /** The submission file written. */
  readonly outPath: string;
  readonly rows: number;
  /** Predicted rows per label. */
  readonly counts: Readonly<Record<string, number>>;
}

/** A request to evaluate or predict with a run. */
export interface RunRequest {
  /** The run directory (its config.json and adapter/ or model/). */
  readonly runDir: string;
  /** The data file: labelled for evaluation, any court CSV for prediction. */
  readonly dataPath: string;
}

/**
 * The work the TUI calls, injected so that tests drive the screens with the real functions on
 * tiny inputs or with stand-ins. {@link createTuiServices} gives the real packages.
 */
export interface TuiServices {
  /** Statistics of a court CSV (`ctune prep`). */
  prep(dataPath: string, options: RunOptions): Promise<PrepResult>;
  /** The prompts and answers a run would train on (`ctune prompts`). */
  previewPrompts(options: PromptsPreviewOptions, runOptions: RunOptions): Promise<PromptsPreviewResult>;
  /** The trainer's `train`. */
  readonly train: TrainFunction;
  /** Classifies a labelled file with a run and scores it. */
  evaluate(request: RunRequest, options: RunOptions): Promise<EvaluationReport>;
  /** Classifies a file with a run and writes the submission CSV. */
  predict(request: RunRequest & { readonly outPath: string }, options: RunOptions): Promise<PredictionReport>;
  /** The run directories under `runsDir`, newest first. */
  listRuns(runsDir: string): Promise<RunSummary[]>;
  /** One run directory; undefined when it has no config.json. */
  readRun(runDir: string): Promise<RunSummary | undefined>;
}

/** How the TUI classifies: the defaults of `ctune eval` and `ctune predict`. */
const CLASSIFY_OPTIONS = { batchSize: 8, overflow: 'truncate', calibrate: false, threshold: 0.5, consistentPairs: false } as const;

/** Court labels are first_party_winner, whatever party a prompt asks about. */
const COURT_LABEL_NAMES: Readonly<Record<string, string>> = { '1': '1 first', '0': '0 second' };

/** Evaluates with the inference package, as `ctune eval` does (CPU, lenient about bad rows). */
export async function evaluateRun(request: RunRequest, options: RunOptions): Promise<EvaluationReport> {
  const run = await runClassification({ ...request, runtime: { device: 'cpu' }, lenient: true, score: true }, CLASSIFY_OPTIONS, options);
  const metrics = run.metrics;
  if (metrics === undefined) throw new ToolkitError('INTERNAL_ASSERTION', 'runClassification returned no metrics although score was set.');
  return {
    metrics: { accuracy: metrics.accuracy, macroF1: metrics.macroF1, rocAuc: metrics.rocAuc ?? Number.NaN, expectedCalibrationError: metrics.expectedCalibrationError },
    confusion: metrics.confusionMatrix,
    labelNames: run.data.kind === 'court' ? COURT_LABEL_NAMES : Object.fromEntries(run.result.labels.map((entry) => [String(entry.label), entry.word])),
    examples: metrics.examples,
  };
}

/** Writes the submission with the inference package, as `ctune predict` does. */
export async function predictRun(request: RunRequest & { readonly outPath: string }, options: RunOptions): Promise<PredictionReport> {
  const run = await runClassification({ ...request, runtime: { device: 'cpu' }, lenient: true, score: false, courtOnly: true }, CLASSIFY_OPTIONS, options);
  if (run.data.kind !== 'court') throw new ToolkitError('INTERNAL_ASSERTION', 'runClassification returned instruction data for a court prediction.');
  const { writeSubmission } = await import('@causal-tune/inference');
  await writeSubmission(request.outPath, run.data.records, run.result);
  const winners = run.result.items.filter((item) => item.court?.firstPartyWinner === 1).length;
  return { outPath: request.outPath, rows: run.data.records.length, counts: { '1': winners, '0': run.data.records.length - winners } };
}

/** The real services: the prep and prompts workflows, the trainer and the inference package. */
export function createTuiServices(): TuiServices {
  return {
    prep: (dataPath, options) => runPrep({ dataPath, lenient: true }, options),
    previewPrompts: (options, runOptions) => runPromptsPreview(options, runOptions),
    train: (config, options) => train(config, options),
    evaluate: evaluateRun,
    predict: predictRun,
    listRuns: (runsDir) => readRuns(runsDir),
    readRun: (runDir) => readRun(runDir, basename(runDir)),
  };
}
