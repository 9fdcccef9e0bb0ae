import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolkitError, parseWithSchema, writeJsonAtomic } from '@causal-tune/core';
import { methodNamed } from '@causal-tune/models';
import { z } from 'zod';
import { MetricsLog, evaluationMetricsSchema, type EvaluationMetrics, type MetricsLine } from './metrics-log.js';
import { runConfigSchema, type RunConfig } from './run-config.js';
import { RUN_FILES, runPaths } from './run-paths.js';

// Reading a run directory: every reader (inference, the TUI, the API) goes through these, so
// config.json is parsed by the schema the trainer wrote it with (defaults included) and
// metrics.jsonl and eval.json by theirs.

/** eval.json: the final evaluation and the step it ran at. */
export const evaluationFileSchema = evaluationMetricsSchema.partial().extend({ step: z.number().int().nonnegative() });

/** A parsed eval.json. */
export type EvaluationFile = z.output<typeof evaluationFileSchema>;

const isDirectory = (path: string) => stat(path).then((entry) => entry.isDirectory(), () => false);
const exists = (path: string) => stat(path).then(() => true, () => false);

/**
 * Reads `<runDir>/config.json` with the run config schema (defaults filled in; fields it does
 * not know, from a newer trainer, are dropped rather than refused). A missing directory or file
 * is `ARTIFACT_NOT_FOUND`; invalid JSON or fields are `CONFIG_INVALID` listing every problem.
 */
export async function readRunConfig(runDir: string): Promise<RunConfig> {
  if (!(await isDirectory(runDir))) {
    throw new ToolkitError('ARTIFACT_NOT_FOUND', `The run directory '${runDir}' does not exist. Pass the directory a training run wrote (ctune train --out DIR), which holds config.json and adapter/.`, { details: { runDir } });
  }
  const path = join(runDir, RUN_FILES.config);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ToolkitError('ARTIFACT_NOT_FOUND', `The run directory '${runDir}' has no ${RUN_FILES.config}; it is not a finished or started training run.`, { details: { runDir, path }, cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ToolkitError('CONFIG_INVALID', `${path} is not valid JSON: ${(cause as Error).message}`, { details: { path }, cause });
  }
  return parseWithSchema(runConfigSchema, raw, `The run config ${path}`);
}

/** Writes eval.json: the final evaluation of a run (or only its step when it had no validation split). */
export async function writeEvaluationFile(runDir: string, step: number, metrics: EvaluationMetrics | null): Promise<void> {
  await writeJsonAtomic(runPaths(runDir).evaluation, { step, ...(metrics ?? {}) });
}

/** eval.json, or undefined while a run is unfinished (or the file is unreadable). */
export async function readEvaluationFile(runDir: string): Promise<EvaluationFile | undefined> {
  try {
    const parsed = evaluationFileSchema.safeParse(JSON.parse(await readFile(runPaths(runDir).evaluation, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Where a run keeps what it trained: `adapter/` for PEFT methods, `model/` for full fine-tuning (the method's artifact). */
export function artifactDirectory(runDir: string, config: Pick<RunConfig, 'method'>): string {
  return runPaths(runDir)[methodNamed(config.method.type)?.artifact ?? 'adapter'];
}

/** What a reader that lists runs (the TUI's runs screen) knows of one run directory. */
export interface RunDirectorySummary {
  /** config.json, or undefined when it is missing or invalid. */
  readonly config: RunConfig | undefined;
  readonly metrics: readonly MetricsLine[];
  readonly evaluation: EvaluationFile | undefined;
  readonly hasCheckpoint: boolean;
  /** The method's artifact (adapter/ or model/) exists: the run can predict. */
  readonly hasArtifact: boolean;
  /** When config.json was last written (ms since the epoch); 0 without one. */
  readonly configModifiedMs: number;
}

/** Reads a run directory without failing: the parts that are there, through their schemas. */
export async function readRunDirectory(runDir: string): Promise<RunDirectorySummary> {
  const paths = runPaths(runDir);
  const config = await readRunConfig(runDir).catch(() => undefined);
  const [metrics, evaluation, hasCheckpoint, hasAdapter, hasModel, configStat] = await Promise.all([
    new MetricsLog(paths.metrics).read(),
    readEvaluationFile(runDir),
    exists(paths.checkpoint),
    exists(paths.adapter),
    exists(paths.model),
    stat(paths.config).catch(() => undefined),
  ]);
  const hasArtifact = config === undefined ? hasAdapter || hasModel : artifactDirectory(runDir, config) === paths.model ? hasModel : hasAdapter;
  return { config, metrics, evaluation, hasCheckpoint, hasArtifact, configModifiedMs: configStat?.mtimeMs ?? 0 };
}
