import type { Predictor } from '@causal-tune/inference';

/**
 * Gives the predictor of a served run or model by name, loaded once and kept. The API's is its
 * model registry; a worker's is a {@link PredictorCache} over its models directory.
 */
export interface PredictorProvider {
  /** The predictor of `model`; `release` says the caller is done with it for now. */
  acquire(model: string): Promise<{ readonly predictor: Predictor; release(): void }>;
}
