import type { TrainConfig } from '@causal-tune/trainer';
import { render } from 'ink-testing-library';
import { useEffect } from 'react';
import { createFakeTrainer } from '../__fixtures__/fake-trainer.js';
import { KEYS, plainFrame, press, waitForFrame } from '../__fixtures__/ink-keys.js';
import { useTrainingRun } from '../hooks/use-training-run.js';
import type { TrainFunction } from '../hooks/use-training-run.js';
import { IDLE_TRAINING } from '../state/training-run.js';
import { TrainingScreen } from './training-screen.js';

const config = { outputDir: '/work/runs/a', method: { type: 'lora' }, model: { path: '/models/stories260K' }, data: { path: '/data/train-sample.csv' } } as unknown as TrainConfig;

/** The screen wired to useTrainingRun, started on mount, as the app does. */
function Harness({ train, evaluated }: { readonly train: TrainFunction; readonly evaluated: string[] }) {
  const run = useTrainingRun(train);
  useEffect(() => run.start(config), []);
  return <TrainingScreen active run={run.state} cwd="/work" width={90} height={24} nowMs={Date.now()} onCancel={run.cancel} onEvaluate={(dir) => evaluated.push(dir)} />;
}

const stepOf = (frame: string): number => Number(/step (\d+)\/40/.exec(frame)?.[1] ?? -1);

describe('TrainingScreen', () => {
  it('says what to do before any training', () => {
    const { lastFrame } = render(<TrainingScreen active run={IDLE_TRAINING} cwd="/" width={80} height={20} nowMs={0} onCancel={() => undefined} onEvaluate={() => undefined} />);
    expect(plainFrame(lastFrame)).toBe('No training yet: set the method on the Method screen (3) and press s.');
  });

  it('moves the progress bar and the loss curve, then cancels with a checkpoint', async () => {
    const { lastFrame, stdin } = render(<Harness train={createFakeTrainer({ totalSteps: 40, stepMs: 25 })} evaluated={[]} />);
    const early = await waitForFrame(lastFrame, (frame) => stepOf(frame) >= 2);
    expect(early).toContain('Run runs/a · lora · stories260K · train-sample.csv');
    expect(early).toContain('Training: c cancels');
    expect(early).toMatch(/loss \d\.\d{4} · lr 3\.00e-4 · 1\.5k tok\/s · ETA \d/);
    expect(early).toContain('Training loss');
    const later = await waitForFrame(lastFrame, (frame) => stepOf(frame) >= stepOf(early) + 3);
    expect(later).toMatch(/█/);
    await press(stdin, 'c');
    const cancelled = await waitForFrame(lastFrame, (frame) => frame.includes('Cancelled.'));
    const stoppedAt = stepOf(cancelled);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(40);
    expect(cancelled).toContain(`Checkpoint (step ${stoppedAt}): /work/runs/a/checkpoint`);
    expect(cancelled).toContain(`Stopped at step ${stoppedAt}. The checkpoint is in /work/runs/a/checkpoint`);
  });

  it('shows the validation metrics when done and evaluates with e', async () => {
    const evaluated: string[] = [];
    const { lastFrame, stdin } = render(<Harness train={createFakeTrainer({ totalSteps: 3, stepMs: 5 })} evaluated={evaluated} />);
    const done = await waitForFrame(lastFrame, (frame) => frame.includes('Completed.'));
    expect(done).toContain('100%');
    expect(done).toContain('Validation at step 3: loss 1.5000 · accuracy 0.7000 · examples 30');
    expect(done).toContain('best (step 3): runs/a/best');
    expect(done).toContain('ETA 0 ms');
    await press(stdin, 'e', KEYS.escape);
    expect(evaluated).toEqual(['/work/runs/a']);
  });
});
