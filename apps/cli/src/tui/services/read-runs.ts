import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunDirectory, type EvalLine, type StepLine } from '@causal-tune/runs';
import type { ChartPoint } from '../charts/line-chart.js';

/** One evaluation line of a run's metrics.jsonl. */
export interface RunEvaluation {
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * What the runs screen knows of a run directory (config.json, metrics.jsonl, eval.json,
 * checkpoint/, adapter/ or model/), read through @causal-tune/runs' schemas.
 */
export interface RunSummary {
  /** The directory's name. */
  readonly name: string;
  /** The run directory, absolute. */
  readonly dir: string;
  /** `method.type` of config.json. */
  readonly method: string | undefined;
  /** `model.path` of config.json. */
  readonly modelPath: string | undefined;
  /** `data.path` of config.json. */
  readonly dataPath: string | undefined;
  /** `optimizer.learningRate` of config.json. */
  readonly learningRate: number | undefined;
  /** The training loss of each step in metrics.jsonl. */
  readonly losses: readonly ChartPoint[];
  /** The evaluation lines of metrics.jsonl. */
  readonly evaluations: readonly RunEvaluation[];
  /** eval.json: the final evaluation; absent while a run is unfinished or was cancelled. */
  readonly finalEvaluation: Readonly<Record<string, number>> | undefined;
  /** Mean tokens per second over the logged steps. */
  readonly tokensPerSecond: number | undefined;
  /** Sum of the logged step durations. */
  readonly trainingMs: number;
  /** The last logged step. */
  readonly lastStep: number;
  readonly hasCheckpoint: boolean;
  /** A PEFT adapter (`adapter/`) or a full model (`model/`) was saved: the run is usable for predictions. */
  readonly hasArtifact: boolean;
  /** When config.json was last written (ms since the epoch). */
  readonly modifiedMs: number;
}

/** Reads one run directory through the run schema; undefined when it has no readable config.json. */
export async function readRun(dir: string, name: string): Promise<RunSummary | undefined> {
  const run = await readRunDirectory(dir);
  if (run.config === undefined) return undefined;
  const steps = run.metrics.filter((line): line is StepLine => line.type === 'step');
  const rates = steps.map((line) => line.tokensPerSecond).filter((rate) => Number.isFinite(rate));
  const numbers = (record: Readonly<Record<string, unknown>>, skip: readonly string[]) =>
    Object.fromEntries(Object.entries(record).filter(([key, value]) => !skip.includes(key) && typeof value === 'number')) as Record<string, number>;
  return {
    name,
    dir,
    method: run.config.method.type,
    modelPath: run.config.model.path,
    dataPath: run.config.data.path,
    learningRate: run.config.optimizer.learningRate,
    losses: steps.map((line) => ({ x: line.step, y: line.loss })),
    evaluations: run.metrics.filter((line): line is EvalLine => line.type === 'eval').map((line) => ({ step: line.step, metrics: numbers(line, ['step', 'type']) })),
    finalEvaluation: run.evaluation === undefined ? undefined : numbers(run.evaluation, ['step']),
    tokensPerSecond: rates.length === 0 ? undefined : rates.reduce((sum, rate) => sum + rate, 0) / rates.length,
    trainingMs: steps.reduce((sum, line) => sum + (Number.isFinite(line.durationMs) ? line.durationMs : 0), 0),
    lastStep: steps.reduce((last, line) => Math.max(last, line.step), 0),
    hasCheckpoint: run.hasCheckpoint,
    hasArtifact: run.hasArtifact,
    modifiedMs: run.configModifiedMs,
  };
}

/**
 * Every run directory under `runsDir` (those with a config.json), newest first. A missing
 * `runsDir` is an empty list: no run has been made yet.
 */
export async function readRuns(runsDir: string): Promise<RunSummary[]> {
  let entries;
  try {
    entries = await readdir(runsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const runs = await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => readRun(join(runsDir, entry.name), entry.name)));
  return runs.filter((run): run is RunSummary => run !== undefined).sort((a, b) => b.modifiedMs - a.modifiedMs || a.name.localeCompare(b.name));
}
