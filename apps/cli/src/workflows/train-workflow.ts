import { access } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { ToolkitError, type RunOptions } from '@causal-tune/core';
import type { TrainConfig, TrainConfigOverrides, TrainResult } from '@causal-tune/trainer';
import { BUNDLED } from '../bundled-assets.js';

/** What a training run is made of: preset, config file and flags, layered in that order. */
export interface TrainingRequest {
  readonly preset?: string;
  readonly configFile?: string;
  readonly overrides: TrainConfigOverrides;
  readonly resume: boolean;
  /** Replace a run already in the output directory (--overwrite). */
  readonly overwrite?: boolean;
  /** Directory relative paths of the config file and flags are resolved against. */
  readonly cwd: string;
}

/** A finished run and its resolved config. */
export interface TrainingRun {
  readonly config: TrainConfig;
  readonly result: TrainResult;
}

/**
 * Resolves the layered config (defaults, preset, config file, flags), makes its paths absolute
 * (the run directory's config.json must work from anywhere), and trains. The trainer is imported
 * on demand: it brings onnxruntime and the graph compiler.
 */
export async function runTraining(request: TrainingRequest, runOptions: RunOptions = {}): Promise<TrainingRun> {
  const { readTrainConfigFile, resolveTrainConfig, train } = await import('@causal-tune/trainer');
  const preset = request.preset === undefined ? undefined : absolutePaths(await readTrainConfigFile(await presetPath(request.preset)), BUNDLED.assetsDir);
  const file = request.configFile === undefined ? undefined : absolutePaths(await readTrainConfigFile(resolve(request.cwd, request.configFile)), request.cwd);
  const flags = absolutePaths(request.overrides as Record<string, unknown>, request.cwd);
  const outputDir = (flags.outputDir as string | undefined) ?? (file?.outputDir as string | undefined) ?? (preset?.outputDir as string | undefined) ?? resolve(request.cwd, 'runs', defaultRunName());
  const config = resolveTrainConfig(preset, file, flags, { outputDir });
  const result = await train(config, { ...runOptions, resume: request.resume, overwrite: request.overwrite ?? false });
  return { config, result };
}

/** `runs/<yyyymmdd-hhmmss>`: a new directory per run unless --out says otherwise. */
function defaultRunName(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

async function presetPath(name: string): Promise<string> {
  const path = join(BUNDLED.presets, `${name}.json`);
  try {
    await access(path);
    return path;
  } catch {
    throw new ToolkitError('USAGE_INVALID', `There is no training preset '${name}'. Presets are the JSON files of the CLI's presets/ directory (demo, court-lora).`, { details: { preset: name } });
  }
}

/** Resolves model.path, data.path, data.validationPath and outputDir against `base`. */
function absolutePaths(config: Record<string, unknown>, base: string): Record<string, unknown> {
  const result: Record<string, unknown> = { ...config };
  const fix = (value: unknown) => (typeof value === 'string' && !isAbsolute(value) ? resolve(base, value) : value);
  for (const [section, keys] of [['model', ['path']], ['data', ['path', 'validationPath']]] as const) {
    const part = result[section];
    if (typeof part === 'object' && part !== null) {
      result[section] = Object.fromEntries(Object.entries(part).map(([key, value]) => [key, (keys as readonly string[]).includes(key) ? fix(value) : value]));
    }
  }
  if (result.outputDir !== undefined) result.outputDir = fix(result.outputDir);
  return result;
}
