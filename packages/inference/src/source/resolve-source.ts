import { access } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ToolkitError } from '@causal-tune/core';
import type { WeightPrecision } from '@causal-tune/models';
import { DEFAULT_PROMPT_SETTINGS, artifactDirectory, readRunConfig, runPaths, type RunPromptSettings } from '@causal-tune/runs';

/** Where a predictor's model comes from: a run directory, or a model directory with an optional adapter. */
export type PredictorSource = { readonly runDir: string } | { readonly modelDir: string; readonly adapterDir?: string };

/** A {@link PredictorSource} resolved to directories and prompt settings. */
export interface ResolvedSource {
  /** The base model (or, for method "full", the tuned model) directory. */
  readonly modelDir: string;
  /** The adapter directory, or null for a bare model or a full fine-tune. */
  readonly adapterDir: string | null;
  /** The run directory, when the source is one. */
  readonly runDir: string | null;
  /** The method the run used; null for a model directory. */
  readonly method: string | null;
  readonly prompt: RunPromptSettings;
  /** The precision the run trained in (its config's model.dtype); undefined for a model directory or a run that kept the checkpoint's. */
  readonly dtype?: WeightPrecision;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Resolves a source to directories. For a run: the base model is `model.path` of config.json
 * (absolute, else relative to the run directory's parent, then to the run directory itself, as
 * docs/architecture/run-directory.md says); the adapter is `<run>/adapter` (method "full":
 * `<run>/model` is the model and there is no adapter). A run whose adapter is missing is
 * `ARTIFACT_NOT_FOUND`.
 */
export async function resolvePredictorSource(source: PredictorSource): Promise<ResolvedSource> {
  if (!('runDir' in source)) {
    return { modelDir: resolve(source.modelDir), adapterDir: source.adapterDir === undefined ? null : resolve(source.adapterDir), runDir: null, method: null, prompt: DEFAULT_PROMPT_SETTINGS };
  }
  const runDir = resolve(source.runDir);
  const config = await readRunConfig(runDir);
  const method = config.method.type;
  const paths = runPaths(runDir);
  // A method that saves a whole model (full fine-tuning) is served from it; the others put their adapter on the base model.
  if (artifactDirectory(runDir, config) === paths.model) {
    if (!(await exists(paths.model))) {
      throw new ToolkitError('ARTIFACT_NOT_FOUND', `The run '${runDir}' tuned the full model but has no model/ directory yet; wait for the run to write it, or pick another run.`, { details: { runDir } });
    }
    return { modelDir: paths.model, adapterDir: null, runDir, method, prompt: config.prompt };
  }
  const candidates = isAbsolute(config.model.path) ? [config.model.path] : [resolve(dirname(runDir), config.model.path), resolve(runDir, config.model.path), resolve(config.model.path)];
  let modelDir: string | undefined;
  for (const candidate of candidates) {
    if (await exists(join(candidate, 'config.json'))) {
      modelDir = candidate;
      break;
    }
  }
  if (modelDir === undefined) {
    throw new ToolkitError('ARTIFACT_NOT_FOUND', `The base model '${config.model.path}' named in ${paths.config} was not found (looked in ${candidates.join(', ')}). Restore it there, or load the adapter with --model DIR --adapter ${paths.adapter}.`, {
      details: { runDir, modelPath: config.model.path, candidates },
    });
  }
  const adapterDir = paths.adapter;
  if (!(await exists(adapterDir))) {
    throw new ToolkitError('ARTIFACT_NOT_FOUND', `The run '${runDir}' has no adapter/ directory yet; a run writes it at its first checkpoint.`, { details: { runDir } });
  }
  return { modelDir, adapterDir, runDir, method, prompt: config.prompt, ...(config.model.dtype === undefined ? {} : { dtype: config.model.dtype }) };
}
