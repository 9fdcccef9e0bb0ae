import { basename } from 'node:path';
import { formatCompact, formatDuration } from '../../output/format-number.js';
import type { RunSummary } from '../services/read-runs.js';

/** One row of the side-by-side table of two runs. */
export interface ComparisonRow {
  readonly label: string;
  readonly left: string;
  readonly right: string;
  /** The better side, for rows where lower or higher is better. */
  readonly better?: 'left' | 'right';
}

/** The final metrics of a run: eval.json, else its last evaluation line. */
export function finalMetrics(run: RunSummary): Readonly<Record<string, number>> | undefined {
  return run.finalEvaluation ?? run.evaluations[run.evaluations.length - 1]?.metrics;
}

/** The lowest validation loss of a run's evaluations. */
export function bestValidationLoss(run: RunSummary): number | undefined {
  const losses = run.evaluations.flatMap((evaluation) => (typeof evaluation.metrics.loss === 'number' && Number.isFinite(evaluation.metrics.loss) ? [evaluation.metrics.loss] : []));
  return losses.length === 0 ? undefined : Math.min(...losses);
}

function lastLoss(run: RunSummary): number | undefined {
  return run.losses[run.losses.length - 1]?.y;
}

function numberRow(label: string, left: number | undefined, right: number | undefined, format: (value: number) => string, direction: 'lower' | 'higher'): ComparisonRow {
  const text = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '–' : format(value));
  const comparable = left !== undefined && right !== undefined && Number.isFinite(left) && Number.isFinite(right) && left !== right;
  const leftWins = comparable && (direction === 'lower' ? left < right : left > right);
  return { label, left: text(left), right: text(right), ...(comparable ? { better: leftWins ? ('left' as const) : ('right' as const) } : {}) };
}

const fixed4 = (value: number): string => value.toFixed(4);
const percent = (value: number): string => `${(100 * value).toFixed(2)}%`;

/**
 * The metrics table of two runs, row by row: what they are (method, model, data) and how they
 * did (losses, validation metrics, speed), with the better side of each measured row.
 */
export function compareRuns(left: RunSummary, right: RunSummary): ComparisonRow[] {
  const leftMetrics = finalMetrics(left);
  const rightMetrics = finalMetrics(right);
  const text = (label: string, value: (run: RunSummary) => string): ComparisonRow => ({ label, left: value(left), right: value(right) });
  return [
    text('method', (run) => run.method ?? '?'),
    text('model', (run) => (run.modelPath === undefined ? '?' : basename(run.modelPath))),
    text('data', (run) => (run.dataPath === undefined ? '?' : basename(run.dataPath))),
    text('learning rate', (run) => (run.learningRate === undefined ? '?' : run.learningRate.toExponential(1))),
    text('steps', (run) => String(run.lastStep)),
    numberRow('last train loss', lastLoss(left), lastLoss(right), fixed4, 'lower'),
    numberRow('best val loss', bestValidationLoss(left), bestValidationLoss(right), fixed4, 'lower'),
    numberRow('accuracy', leftMetrics?.accuracy, rightMetrics?.accuracy, percent, 'higher'),
    numberRow('macro-F1', leftMetrics?.macroF1, rightMetrics?.macroF1, fixed4, 'higher'),
    numberRow('ROC-AUC', leftMetrics?.rocAuc, rightMetrics?.rocAuc, fixed4, 'higher'),
    numberRow('tokens/s', left.tokensPerSecond, right.tokensPerSecond, formatCompact, 'higher'),
    text('training time', (run) => formatDuration(run.trainingMs)),
    text('finished', (run) => (run.finalEvaluation !== undefined ? 'yes' : run.hasCheckpoint ? 'no (checkpoint)' : 'no')),
  ];
}

/** Marks `dir` for comparison, or unmarks it; at most two are marked, the oldest mark goes. */
export function toggleMark(marked: readonly string[], dir: string): string[] {
  if (marked.includes(dir)) return marked.filter((entry) => entry !== dir);
  return [...marked, dir].slice(-2);
}
