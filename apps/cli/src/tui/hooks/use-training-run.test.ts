import { ToolkitError } from '@causal-tune/core';
import type { TrainConfig } from '@causal-tune/trainer';
import { IDLE_TRAINING, trainingRunReducer } from '../state/training-run.js';
import type { TrainingRunAction } from '../state/training-run.js';
import { createTrainingRunner } from './use-training-run.js';
import type { TrainFunction } from './use-training-run.js';

const config = { outputDir: '/runs/a', method: { type: 'lora' }, model: { path: '/models/tiny' }, data: { path: '/data.csv' } } as unknown as TrainConfig;

/** A stand-in trainer that emits a step every few milliseconds until done or aborted. */
const fakeTrain: TrainFunction = async (_config, options) => {
  options.onProgress?.({ type: 'run-start', runDir: '/runs/a', totalSteps: 50, config: {} });
  for (let step = 1; step <= 50; step += 1) {
    if (options.signal?.aborted) {
      options.onProgress?.({ type: 'checkpoint-end', step: step - 1, path: '/runs/a/checkpoint', best: false });
      return { runDir: '/runs/a', stoppedBy: 'aborted', durationMs: step };
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
    options.onProgress?.({ type: 'step-end', step, totalSteps: 50, epoch: 0, loss: 3 - step / 50, learningRate: 1e-3, durationMs: 2, tokensPerSecond: 100, etaMs: 0 });
  }
  return { runDir: '/runs/a', stoppedBy: 'completed', durationMs: 100 };
};

describe('createTrainingRunner', () => {
  it('aborts through the signal and ends cancelled with the checkpoint', async () => {
    const actions: TrainingRunAction[] = [];
    const runner = createTrainingRunner(fakeTrain, (action) => actions.push(action), () => 7);
    const done = runner.start(config);
    expect(runner.isActive()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 15));
    runner.cancel();
    runner.cancel();
    await done;
    expect(runner.isActive()).toBe(false);
    expect(actions.filter((action) => action.type === 'cancel')).toHaveLength(1);
    const state = actions.reduce(trainingRunReducer, IDLE_TRAINING);
    expect(state.phase).toBe('cancelled');
    expect(state.step).toBeGreaterThan(0);
    expect(state.step).toBeLessThan(50);
    expect(state.checkpoint).toEqual({ step: state.step, path: '/runs/a/checkpoint' });
    expect(state.startedAtMs).toBe(7);
    expect(state.run).toEqual({ outputDir: '/runs/a', method: 'lora', modelPath: '/models/tiny', dataPath: '/data.csv' });
  });

  it('runs one training at a time and reports failures', async () => {
    const actions: TrainingRunAction[] = [];
    let calls = 0;
    const runner = createTrainingRunner(
      async () => {
        calls += 1;
        throw new ToolkitError('CONFIG_INVALID', 'Bad config.');
      },
      (action) => actions.push(action),
    );
    await Promise.all([runner.start(config), runner.start(config)]);
    expect(calls).toBe(1);
    expect(actions.reduce(trainingRunReducer, IDLE_TRAINING)).toMatchObject({ phase: 'failed', error: { code: 'CONFIG_INVALID', message: 'Bad config.' } });
  });
});
