/** A schedule's shape (transformers' get_scheduler names). */
export interface ScheduleOptions {
  readonly type: 'constant' | 'linear' | 'cosine';
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly peakLearningRate: number;
  readonly minLearningRateRatio?: number;
}

/**
 * The learning rate of optimizer step `step` (0-based, as transformers' LambdaLR counts):
 *   1. warm-up: peak · step / warmupSteps while step < warmupSteps
 *   2. constant: peak
 *   3. linear: peak · max(0, (total − step) / (total − warmup))
 *   4. cosine: peak · (floor + (1 − floor) · ½(1 + cos(π · progress))), progress = (step − warmup) / (total − warmup)
 */
export function learningRateAt(step: number, options: ScheduleOptions): number {
  const { type, warmupSteps, totalSteps, peakLearningRate } = options;
  if (step < warmupSteps) return (peakLearningRate * step) / Math.max(1, warmupSteps);
  if (type === 'constant') return peakLearningRate;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  if (type === 'linear') return peakLearningRate * Math.max(0, 1 - progress);
  const floor = options.minLearningRateRatio ?? 0;
  return peakLearningRate * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
