import { createRunsFixture } from '../__fixtures__/run-fixtures.js';
import { readRuns } from '../services/read-runs.js';
import { bestValidationLoss, compareRuns, finalMetrics, toggleMark } from './compare-runs.js';

describe('compareRuns', () => {
  it('puts two runs side by side and marks the better side of measured rows', async () => {
    const { runsDir } = await createRunsFixture();
    const runs = await readRuns(runsDir);
    const loraA = runs.find((run) => run.name === 'lora-a')!;
    const promptB = runs.find((run) => run.name === 'prompt-b')!;
    const rows = Object.fromEntries(compareRuns(loraA, promptB).map((row) => [row.label, row]));
    expect(rows.method).toEqual({ label: 'method', left: 'lora', right: 'prompt-tuning' });
    expect(rows.model).toEqual({ label: 'model', left: 'stories260K', right: 'stories260K' });
    expect(rows.steps).toEqual({ label: 'steps', left: '6', right: '4' });
    expect(rows['last train loss']).toEqual({ label: 'last train loss', left: '1.4000', right: '2.5000', better: 'left' });
    expect(rows['best val loss']).toEqual({ label: 'best val loss', left: '1.9000', right: '–' });
    expect(rows.accuracy).toEqual({ label: 'accuracy', left: '70.00%', right: '65.00%', better: 'left' });
    expect(rows['macro-F1']?.better).toBe('left');
    expect(rows['tokens/s']).toEqual({ label: 'tokens/s', left: '1.0k', right: '1.0k', better: 'left' });
    expect(rows.finished).toEqual({ label: 'finished', left: 'yes', right: 'yes' });
    const cancelled = runs.find((run) => run.name === 'cancelled-c')!;
    expect(compareRuns(cancelled, loraA).find((row) => row.label === 'finished')?.left).toBe('no (checkpoint)');
    expect(finalMetrics(cancelled)).toBeUndefined();
    expect(bestValidationLoss(loraA)).toBe(1.9);
  });
});

describe('toggleMark', () => {
  it('keeps the two latest marks', () => {
    expect(toggleMark([], 'a')).toEqual(['a']);
    expect(toggleMark(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleMark(['a', 'b'], 'c')).toEqual(['b', 'c']);
    expect(toggleMark(['a', 'b'], 'a')).toEqual(['b']);
  });
});
