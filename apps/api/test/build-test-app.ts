import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noopLogger } from '@causal-tune/core';
import { loadPredictor } from '@causal-tune/inference';
import { loadModelConfig } from '@causal-tune/models';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { InProcessBackend, JobService } from '@causal-tune/jobs';
import { createApp, type AppDependencies } from '../src/app.js';
import { ModelRegistry, type PredictorLoader } from '../src/model-registry.js';

const STORIES = fileURLToPath(new URL('../../../fixtures/models/stories260K', import.meta.url));

/** A served directory with a LoRA run (`court-lora`) and a model directory (`stories`). */
export async function makeServedDirectory(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ctune-api-'));
  await cp(STORIES, join(root, 'stories'), { recursive: true });
  await writeRunDirectory(join(root, 'court-lora'), { method: 'lora', modelPath: STORIES, modelConfig: await loadModelConfig(STORIES) });
  return root;
}

/** The real loader over the real inference package, counting loads. */
export function realLoader(): PredictorLoader & { loads: number } {
  const loader = Object.assign(
    async (model: Parameters<PredictorLoader>[0]) => {
      loader.loads += 1;
      return loadPredictor(model.kind === 'run' ? { runDir: model.directory } : { modelDir: model.directory });
    },
    { loads: 0 },
  );
  return loader;
}

/** Jobs of a test app: in-process over its registry, with these settings. */
export interface TestJobsOptions {
  readonly dataDir?: string;
  readonly maxFileSizeBytes?: number;
  readonly chunkSize?: number;
  readonly eventsPollMs?: number;
  readonly attempts?: number;
}

/** The app over `root` with test-friendly limits, overridable; `jobs` sets up its in-process jobs. */
export function buildTestApp(root: string, overrides: Partial<AppDependencies> & { loader?: PredictorLoader; testJobs?: TestJobsOptions } = {}) {
  const registry = new ModelRegistry(root, overrides.loader ?? realLoader(), noopLogger);
  const { testJobs, ...rest } = overrides;
  const jobs = testJobs && {
    service: new JobService(new InProcessBackend({ predictors: registry.predictorProvider(), settings: { attempts: testJobs.attempts ?? 2, backoffMs: 10 }, cancelPollMs: 20 }), { chunkSize: testJobs.chunkSize ?? 4 }),
    ...(testJobs.dataDir === undefined ? {} : { dataDir: testJobs.dataDir }),
    ...(testJobs.maxFileSizeBytes === undefined ? {} : { maxFileSizeBytes: testJobs.maxFileSizeBytes }),
    eventsPollMs: testJobs.eventsPollMs ?? 50,
  };
  return createApp({ registry, logger: noopLogger, bodyLimit: '200kb', rateLimitPerMinute: 10_000, batching: { maxBatchSize: 16, maxWaitMs: 20, capacity: 256 }, ...(jobs ? { jobs } : {}), ...rest });
}

/** A court case of the bundled sample's shape. */
export const COURT_ITEM = {
  id: 'case-1',
  first_party: 'Phil A. St. Amant',
  second_party: 'Herman A. Thompson',
  facts: 'In a televised speech, Phil A. St. Amant read a statement about Herman A. Thompson, a deputy sheriff. Thompson sued St. Amant for defamation.',
};
