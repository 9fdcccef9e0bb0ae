import { createHash } from 'node:crypto';
import type { TrainConfig } from '../config/train-config.js';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/**
 * The hash a checkpoint keeps of its run's config; a resume must match it. It leaves out what
 * may change between the run and its resume:
 * 1. `outputDir`: where the run directory is now (a moved directory still resumes);
 * 2. `model.cacheDir`: where converted weights are cached (a location, like `outputDir`);
 * 3. `training.maxSteps` and `training.epochs`: how long to train (a run can be extended).
 */
export function resumeConfigHash(config: TrainConfig): string {
  return digest({ ...config, outputDir: undefined, model: { ...config.model, cacheDir: undefined }, training: { ...config.training, maxSteps: undefined, epochs: undefined } });
}

/** The hash checkpoints had before issue 15: the same, but with `outputDir`. Still accepted. */
export function legacyResumeConfigHash(config: TrainConfig): string {
  return digest({ ...config, training: { ...config.training, maxSteps: undefined, epochs: undefined } });
}
