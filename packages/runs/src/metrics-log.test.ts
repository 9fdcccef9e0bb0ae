import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsLog, parseMetricsLines } from './metrics-log.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-runs-metrics-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const step = { type: 'step' as const, step: 1, epoch: 0.1, loss: 2.5, learningRate: 3e-4, gradNorm: 1.2, tokensPerSecond: 900, durationMs: 40 };
const evaluation = { type: 'eval' as const, step: 1, loss: 0.7, accuracy: 0.5, macroF1: 0.4, rocAuc: Number.NaN, positiveShare: 1, examples: 4 };

describe('metrics.jsonl', () => {
  it('writes NaN as null and reads it back as NaN, a step line and an eval line', async () => {
    const log = new MetricsLog(join(root, 'metrics.jsonl'));
    await log.append(step);
    await log.append(evaluation);
    expect(await readFile(join(root, 'metrics.jsonl'), 'utf8')).toContain('"rocAuc":null');
    const lines = await log.read();
    expect(lines).toEqual([step, { ...evaluation, rocAuc: Number.NaN }]);
  });

  it("skips a killed run's torn last line and lines of another shape", async () => {
    const path = join(root, 'torn.jsonl');
    const log = new MetricsLog(path);
    await log.append(step);
    await appendFile(path, '{"type":"step","step":2,"lo');
    expect(await log.read()).toEqual([step]);
    expect(parseMetricsLines(`${JSON.stringify({ type: 'step', step: 'two' })}\n${JSON.stringify(step)}\n`)).toEqual([step]);
  });

  it('reads a missing file as no lines', async () => {
    expect(await new MetricsLog(join(root, 'none.jsonl')).read()).toEqual([]);
  });
});
