import { IDLE_TRAINING, isTrainingActive, trainingRunReducer } from './training-run.js';
import type { TrainingRunAction, TrainingRunState } from './training-run.js';

const run = (state: TrainingRunState, ...actions: TrainingRunAction[]): TrainingRunState => actions.reduce(trainingRunReducer, state);
const summary = { outputDir: '/runs/a', method: 'lora', modelPath: '/models/tiny', dataPath: '/data/train.csv' };
const step = (index: number, loss: number): TrainingRunAction => ({
  type: 'progress',
  event: { type: 'step-end', step: index, totalSteps: 10, epoch: index / 10, loss, learningRate: 3e-4, durationMs: 100, tokensPerSecond: 2000, etaMs: (10 - index) * 100 },
});

describe('trainingRunReducer', () => {
  it('follows a run from start to completion', () => {
    const state = run(
      IDLE_TRAINING,
      { type: 'start', run: summary, atMs: 1000 },
      { type: 'progress', event: { type: 'task-start', task: 'encode-examples', total: 300 } },
      { type: 'progress', event: { type: 'task-progress', task: 'encode-examples', completed: 150, total: 300 } },
    );
    expect(state).toMatchObject({ phase: 'starting', run: summary, startedAtMs: 1000, task: { task: 'encode-examples', completed: 150, total: 300 } });
    const running = run(state, { type: 'progress', event: { type: 'run-start', runDir: '/runs/a', totalSteps: 10, config: {} } }, step(1, 2.5), step(2, 2.1));
    expect(running).toMatchObject({ phase: 'running', runDir: '/runs/a', step: 2, totalSteps: 10, loss: 2.1, tokensPerSecond: 2000, etaMs: 800, task: undefined });
    expect(running.losses).toEqual([{ x: 1, y: 2.5 }, { x: 2, y: 2.1 }]);
    const done = run(
      running,
      { type: 'progress', event: { type: 'eval-end', step: 2, metrics: { loss: 2, accuracy: 0.6 } } },
      { type: 'progress', event: { type: 'checkpoint-end', step: 2, path: '/runs/a/best', best: true } },
      { type: 'progress', event: { type: 'checkpoint-end', step: 2, path: '/runs/a/checkpoint', best: false } },
      { type: 'progress', event: { type: 'run-end', step: 2, reason: 'completed', durationMs: 900 } },
      { type: 'finish', stoppedBy: 'completed', runDir: '/runs/a', durationMs: 900 },
    );
    expect(done).toMatchObject({
      phase: 'completed',
      evaluations: [{ step: 2, metrics: { loss: 2, accuracy: 0.6 } }],
      best: { step: 2, path: '/runs/a/best' },
      checkpoint: { step: 2, path: '/runs/a/checkpoint' },
      durationMs: 900,
      etaMs: 0,
    });
    expect(isTrainingActive(done)).toBe(false);
  });

  it('treats a cancel as a request until the trainer returns aborted', () => {
    const running = run(IDLE_TRAINING, { type: 'start', run: summary, atMs: 0 }, { type: 'progress', event: { type: 'run-start', runDir: '/runs/a', totalSteps: 10, config: {} } }, step(1, 2));
    const cancelling = run(running, { type: 'cancel' });
    expect(cancelling.phase).toBe('cancelling');
    expect(isTrainingActive(cancelling)).toBe(true);
    const cancelled = run(cancelling, step(2, 1.9), { type: 'progress', event: { type: 'checkpoint-end', step: 2, path: '/runs/a/checkpoint', best: false } }, { type: 'finish', stoppedBy: 'aborted', runDir: '/runs/a', durationMs: 300 });
    expect(cancelled).toMatchObject({ phase: 'cancelled', step: 2, checkpoint: { step: 2, path: '/runs/a/checkpoint' } });
    // Late events and cancels after the end change nothing.
    expect(run(cancelled, step(3, 1), { type: 'cancel' })).toBe(cancelled);
  });

  it('keeps the resumed step and records a failure', () => {
    const resumed = run(IDLE_TRAINING, { type: 'start', run: summary, atMs: 0 }, { type: 'progress', event: { type: 'run-start', runDir: '/runs/a', totalSteps: 10, config: {}, resumedFromStep: 4 } });
    expect(resumed).toMatchObject({ step: 4, resumedFromStep: 4 });
    const failed = run(resumed, { type: 'fail', error: { code: 'TRAIN_NAN_LOSS', message: 'The loss is NaN.' } });
    expect(failed).toMatchObject({ phase: 'failed', error: { code: 'TRAIN_NAN_LOSS' } });
  });
});
