import type { RunOptions } from '@causal-tune/core';
import type { GeneratedToken, GenerateOptions, Generation, Predictor } from '@causal-tune/inference';
import type { PredictorRuntime } from '../commands/predictor-flags.js';

/** What `ctune generate` asks for. */
export interface GenerateRequest {
  /** A model directory, with an optional adapter, or a run directory. */
  readonly source: { readonly modelDir: string; readonly adapterDir?: string } | { readonly runDir: string };
  readonly instruction: string;
  readonly input?: string;
  readonly runtime: PredictorRuntime;
}

/** A generation and what produced it. */
export interface GenerateRun {
  readonly generation: Generation;
  readonly modelDir: string;
  readonly adapter: Predictor['adapter'];
  readonly durationMs: number;
  readonly tokensPerSecond: number;
}

/**
 * Loads the predictor and generates a response to one instruction with the key/value cache,
 * calling `onToken` as tokens arrive: the work of `ctune generate`, as data.
 */
export async function runGenerate(request: GenerateRequest, options: GenerateOptions & { readonly onToken?: (token: GeneratedToken) => void }, runOptions: RunOptions = {}): Promise<GenerateRun> {
  const { loadPredictor } = await import('@causal-tune/inference');
  const predictor = await loadPredictor(request.source, { ...request.runtime, ...(runOptions.logger === undefined ? {} : { logger: runOptions.logger }) });
  try {
    const started = performance.now();
    const generation = await predictor.generate({ instruction: request.instruction, ...(request.input === undefined ? {} : { input: request.input }) }, { ...options, ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }) });
    const durationMs = performance.now() - started;
    return { generation, modelDir: predictor.modelDir, adapter: predictor.adapter, durationMs, tokensPerSecond: generation.tokenIds.length / (durationMs / 1000) };
  } finally {
    await predictor.release();
  }
}
