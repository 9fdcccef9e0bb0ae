import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint, type TrainingCheckpoint } from './training-checkpoint.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-checkpoint-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const tensor = (values: number[]) => ({ dtype: 'F32' as const, shape: [values.length], data: Float32Array.from(values) });
const checkpointAt = (step: number): TrainingCheckpoint => ({
  state: { step, bestValidationLoss: null, evaluationsWithoutImprovement: 0, configHash: 'abc' },
  trainable: new Map([['w', tensor([step, 2])]]),
  optimizer: new Map([['w.m', tensor([0, 0])], ['w.v', tensor([0, 0])]]),
});

describe('saveCheckpoint', () => {
  it('removes checkpoint.tmp/ and keeps the previous checkpoint when a write fails half-way', async () => {
    const directory = join(root, 'checkpoint');
    await saveCheckpoint(directory, checkpointAt(2));
    // The optimizer file cannot be written (as on a full disk), after trainable.safetensors was.
    const broken = { ...checkpointAt(4), optimizer: new Map([['w.m', { dtype: 'F32' as const, shape: [2], data: null as unknown as Float32Array }]]) };
    await expect(saveCheckpoint(directory, broken)).rejects.toMatchObject({ code: 'ARTIFACT_WRITE_FAILED' });
    expect(await readdir(root)).toEqual(['checkpoint']);
    expect((await loadCheckpoint(directory))!.state.step).toBe(2);
  });
});
