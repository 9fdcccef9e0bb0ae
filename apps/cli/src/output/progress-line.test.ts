import { formatProgressLine } from './progress-line.js';

describe('formatProgressLine', () => {
  it('prints a step in the fixed nanoGPT-like format', () => {
    expect(
      formatProgressLine({
        type: 'step-end',
        step: 120,
        totalSteps: 2000,
        epoch: 0,
        loss: 2.34123,
        learningRate: 2e-4,
        durationMs: 412.3,
        tokensPerSecond: 1234,
        etaMs: 60_000,
      }),
    ).toBe('step 120/2000 | loss 2.3412 | lr 2.00e-4 | 412 ms | 1.2k tok/s');
  });

  it('shows a NaN loss as nan', () => {
    const line = formatProgressLine({
      type: 'step-end',
      step: 3,
      totalSteps: 10,
      epoch: 0,
      loss: Number.NaN,
      learningRate: 1e-3,
      durationMs: 5,
      tokensPerSecond: 87,
      etaMs: 0,
    });
    expect(line).toBe('step 3/10 | loss nan | lr 1.00e-3 | 5 ms | 87 tok/s');
  });

  it('prints every other event on one line', () => {
    expect(formatProgressLine({ type: 'eval-end', step: 200, metrics: { loss: 0.51234, accuracy: 0.8 } })).toBe(
      'eval step 200 | loss 0.5123 | accuracy 0.8000',
    );
    expect(formatProgressLine({ type: 'checkpoint-end', step: 200, path: 'runs/a/checkpoint', best: true })).toBe(
      'checkpoint step 200 | runs/a/checkpoint (best)',
    );
    expect(formatProgressLine({ type: 'run-start', runDir: 'runs/a', totalSteps: 2000, config: {}, resumedFromStep: 400 })).toBe(
      'run start | runs/a | 2000 steps | resumed from step 400',
    );
    expect(formatProgressLine({ type: 'run-end', step: 2000, reason: 'completed', durationMs: 725_000 })).toBe(
      'run end step 2000 | completed | 12m 05s',
    );
    expect(formatProgressLine({ type: 'task-start', task: 'prepare', total: 300 })).toBe('prepare start | 300 items');
    expect(formatProgressLine({ type: 'task-progress', task: 'prepare', completed: 150, total: 300 })).toBe('prepare 150/300 (50%)');
    expect(formatProgressLine({ type: 'task-end', task: 'prepare', durationMs: 1530 })).toBe('prepare end | 1.5 s');
  });
});
