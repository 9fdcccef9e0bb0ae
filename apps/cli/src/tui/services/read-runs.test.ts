import { join } from 'node:path';
import { createRunsFixture } from '../__fixtures__/run-fixtures.js';
import { readRuns } from './read-runs.js';

describe('readRuns', () => {
  it('lists the run directories newest first, skipping folders without config.json', async () => {
    const { runsDir } = await createRunsFixture();
    const runs = await readRuns(runsDir);
    expect(runs.map((run) => run.name)).toEqual(['prompt-b', 'lora-a', 'cancelled-c']);
    const [promptB, loraA, cancelled] = runs;
    expect(loraA).toMatchObject({
      dir: join(runsDir, 'lora-a'),
      method: 'lora',
      modelPath: '/fixtures/models/stories260K',
      dataPath: '/fixtures/dacon-court/train-sample.csv',
      learningRate: 3e-4,
      lastStep: 6,
      trainingMs: 600,
      hasCheckpoint: true,
      hasArtifact: true,
      finalEvaluation: { loss: 1.7, accuracy: 0.7, macroF1: 0.66, rocAuc: 0.71, examples: 30 },
      evaluations: [{ step: 3, metrics: { loss: 1.9, accuracy: 0.6, macroF1: 0.55, rocAuc: 0.62, positiveShare: 0.5, examples: 30 } }],
    });
    expect(loraA?.losses.map((point) => point.y)).toEqual([2.5, 2.1, 1.8, 1.6, 1.5, 1.4]);
    expect(loraA?.tokensPerSecond).toBeCloseTo(1002.5);
    expect(promptB?.method).toBe('prompt-tuning');
    // The cancelled run: a checkpoint, no artifact, no eval.json, and its torn last line skipped.
    expect(cancelled).toMatchObject({ method: 'p-tuning', lastStep: 2, hasCheckpoint: true, hasArtifact: false, finalEvaluation: undefined });
  });

  it('is empty when the runs directory does not exist yet', async () => {
    expect(await readRuns('/nonexistent/runs')).toEqual([]);
  });
});
