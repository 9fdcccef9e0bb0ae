import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartPoint } from '../charts/line-chart.js';

/** One evaluation line of a run's metrics.jsonl. */
export interface RunEvaluation {
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * What the runs screen knows of a run directory (docs/architecture: config.json, metrics.jsonl,
 * eval.json, checkpoint/, adapter/), read without the trainer so that any run can be listed.
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

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current: unknown = value;
  for (const key of path) current = asRecord(current)?.[key];
  return typeof current === 'string' ? current : undefined;
}

function numberAt(value: unknown, ...path: string[]): number | undefined {
  let current: unknown = value;
  for (const key of path) current = asRecord(current)?.[key];
  return typeof current === 'number' ? current : undefined;
}

function numericFields(record: Record<string, unknown>, skip: readonly string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => !skip.includes(key) && typeof value === 'number')) as Record<string, number>;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The lines of metrics.jsonl; a torn last line (a killed run) is skipped. */
export function parseMetricsLines(text: string): Record<string, unknown>[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const record = asRecord(JSON.parse(line));
      return record === undefined ? [] : [record];
    } catch {
      return [];
    }
  });
}

/** Reads one run directory; undefined when it has no readable config.json. */
export async function readRun(dir: string, name: string): Promise<RunSummary | undefined> {
  const configPath = join(dir, 'config.json');
  const config = await readJson(configPath);
  if (asRecord(config) === undefined) return undefined;
  const metricsText = await readFile(join(dir, 'metrics.jsonl'), 'utf8').catch(() => '');
  const lines = parseMetricsLines(metricsText);
  const steps = lines.filter((line) => line.type === 'step' && typeof line.step === 'number');
  const losses = steps.flatMap((line) => (typeof line.loss === 'number' ? [{ x: line.step as number, y: line.loss }] : []));
  const evaluations = lines
    .filter((line) => line.type === 'eval' && typeof line.step === 'number')
    .map((line) => ({ step: line.step as number, metrics: numericFields(line, ['step', 'type']) }));
  const rates = steps.flatMap((line) => (typeof line.tokensPerSecond === 'number' && Number.isFinite(line.tokensPerSecond) ? [line.tokensPerSecond] : []));
  const finalRecord = asRecord(await readJson(join(dir, 'eval.json')));
  const [hasCheckpoint, hasAdapter, hasModel, configStat] = await Promise.all([
    exists(join(dir, 'checkpoint')),
    exists(join(dir, 'adapter')),
    exists(join(dir, 'model')),
    stat(configPath),
  ]);
  return {
    name,
    dir,
    method: stringAt(config, 'method', 'type'),
    modelPath: stringAt(config, 'model', 'path'),
    dataPath: stringAt(config, 'data', 'path'),
    learningRate: numberAt(config, 'optimizer', 'learningRate'),
    losses,
    evaluations,
    finalEvaluation: finalRecord === undefined ? undefined : numericFields(finalRecord, ['step']),
    tokensPerSecond: rates.length === 0 ? undefined : rates.reduce((sum, rate) => sum + rate, 0) / rates.length,
    trainingMs: steps.reduce((sum, line) => sum + (typeof line.durationMs === 'number' ? line.durationMs : 0), 0),
    lastStep: steps.reduce((last, line) => Math.max(last, line.step as number), 0),
    hasCheckpoint,
    hasArtifact: hasAdapter || hasModel,
    modifiedMs: configStat.mtimeMs,
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
