import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MetricsLog } from '@causal-tune/runs';
import { train, type TrainConfigInput } from '@causal-tune/trainer';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/train-child.ts', import.meta.url));

async function checkpointStep(runDir: string): Promise<number> {
  try {
    return JSON.parse(await readFile(join(runDir, 'checkpoint', 'state.json'), 'utf8')).step as number;
  } catch {
    return -1;
  }
}

describe('resume after kill -9', () => {
  it('loses at most the steps since the last checkpoint and reproduces the uninterrupted losses', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ctune-kill-'));
    const config = (name: string): TrainConfigInput => ({
      model: { path: join(root, 'fixtures/models/stories260K') },
      data: { path: join(root, 'fixtures/dacon-court/train-sample.csv'), maxRows: 40, validationFraction: 0.2 },
      outputDir: join(base, name),
      optimizer: { learningRate: 3e-3 },
      training: { maxSteps: 40, batchSize: 2, microBatchSize: 2, evalInterval: 100, checkpointInterval: 2, seed: 3 },
    });
    const reference = (await new MetricsLog(join((await train(config('reference'))).runDir, 'metrics.jsonl')).read()).filter((line) => line.type === 'step');

    const killed = config('killed');
    await writeFile(join(base, 'killed.json'), JSON.stringify(killed));
    const process = spawn('node', ['--import', 'tsx', child, join(base, 'killed.json')], { cwd: root, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while ((await checkpointStep(killed.outputDir)) < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill('SIGKILL');
    await new Promise((resolve) => process.once('exit', resolve));
    const saved = await checkpointStep(killed.outputDir);
    expect(saved).toBeGreaterThanOrEqual(4);
    expect(saved).toBeLessThan(40);

    const resumed = await train(killed, { resume: true });
    expect(resumed.steps).toBe(40);
    const losses = (await new MetricsLog(join(resumed.runDir, 'metrics.jsonl')).read()).filter((line) => line.type === 'step');
    expect(losses.map((line) => line.step)).toEqual(reference.map((line) => line.step));
    expect(losses.map((line) => line.loss)).toEqual(reference.map((line) => line.loss));
  });
});
