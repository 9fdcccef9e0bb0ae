import type { TrainFunction } from '../hooks/use-training-run.js';

/** Options of {@link createFakeTrainer}. */
export interface FakeTrainerOptions {
  readonly totalSteps: number;
  /** Milliseconds per step. */
  readonly stepMs: number;
}

/**
 * A stand-in for the trainer's `train` with its progress events: run-start, a falling loss per
 * step, then (on abort) a checkpoint and `aborted`, or at the end an evaluation, the
 * checkpoints and `completed`. For screen tests that need no model.
 */
export function createFakeTrainer({ totalSteps, stepMs }: FakeTrainerOptions): TrainFunction {
  return async (config, options) => {
    const emit = options.onProgress ?? (() => undefined);
    const runDir = config.outputDir;
    const checkpoint = (step: number, best = false) => emit({ type: 'checkpoint-end', step, path: `${runDir}/${best ? 'best' : 'checkpoint'}`, best });
    emit({ type: 'task-start', task: 'model-load' });
    emit({ type: 'task-end', task: 'model-load', durationMs: 1 });
    emit({ type: 'run-start', runDir, totalSteps, config });
    for (let step = 1; step <= totalSteps; step += 1) {
      await new Promise((resolve) => setTimeout(resolve, stepMs));
      if (options.signal?.aborted) {
        checkpoint(step - 1);
        emit({ type: 'run-end', step: step - 1, reason: 'aborted', durationMs: step * stepMs });
        return { runDir, stoppedBy: 'aborted', durationMs: step * stepMs };
      }
      emit({ type: 'step-end', step, totalSteps, epoch: step / totalSteps, loss: 3 / (1 + step / 10), learningRate: 3e-4, durationMs: stepMs, tokensPerSecond: 1500, etaMs: (totalSteps - step) * stepMs });
    }
    emit({ type: 'eval-end', step: totalSteps, metrics: { loss: 1.5, accuracy: 0.7, examples: 30 } });
    checkpoint(totalSteps, true);
    checkpoint(totalSteps);
    emit({ type: 'run-end', step: totalSteps, reason: 'completed', durationMs: totalSteps * stepMs });
    return { runDir, stoppedBy: 'completed', durationMs: totalSteps * stepMs };
  };
}
