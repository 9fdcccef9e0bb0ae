import { ToolkitError } from '@causal-tune/core';
import { train } from '@causal-tune/trainer';
import type { ConfusionMatrix, RunOptions } from '@causal-tune/core';
import type { TrainFunction } from '../hooks/use-training-run.js';
import { runPrep } from '../../workflows/prep-workflow.js';
import type { PrepResult } from '../../workflows/prep-workflow.js';
import { runPromptsPreview } from '../../workflows/prompts-workflow.js';
import type { PromptsPreviewOptions, PromptsPreviewResult } from '../../workflows/prompts-workflow.js';
import { readRuns } from './read-runs.js';
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
}

function notAvailable(what: string): never {
  throw new ToolkitError('INTERNAL_ASSERTION', `${what} needs @causal-tune/inference, which this build of ctune does not include yet.`);
}

/** The real services: the prep and prompts workflows, the trainer and the inference package. */
export function createTuiServices(): TuiServices {
  return {
    prep: (dataPath, options) => runPrep({ dataPath, lenient: true }, options),
    previewPrompts: (options, runOptions) => runPromptsPreview(options, runOptions),
    train: (config, options) => train(config, options),
    evaluate: async () => notAvailable('Evaluation'),
    predict: async () => notAvailable('Prediction'),
    listRuns: (runsDir) => readRuns(runsDir),
  };
}
