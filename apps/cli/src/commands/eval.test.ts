import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelConfig } from '@causal-tune/models';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

const repositoryFixtures = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const stories260K = join(repositoryFixtures, 'models', 'stories260K');
const courtTrain = fileURLToPath(new URL('../__fixtures__/court-train-tiny.csv', import.meta.url));

let root: string;
let runDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-cli-eval-'));
  runDir = join(root, 'run');
  await writeRunDirectory(runDir, { method: 'lora', modelPath: stories260K, modelConfig: await loadModelConfig(stories260K) });
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface EvalJson {
  examples: number;
  metrics: { accuracy: number; macroF1: number; rocAuc: number | null; expectedCalibrationError: number };
  confusionMatrix: { labels: number[]; counts: number[][] };
  truncatedPrompts: number;
}

describe('ctune eval', () => {
  it('prints the metrics of a run on labelled court data as JSON', async () => {
    const context = createCapturedContext();
    expect(await runCli(['eval', '--run', runDir, '--data', courtTrain, '--json'], context)).toBe(0);
    const result = JSON.parse(context.stdoutText()) as EvalJson;
    expect(result.examples).toBe(8);
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.metrics.accuracy).toBeLessThanOrEqual(1);
    const correct = result.confusionMatrix.counts[0]![0]! + result.confusionMatrix.counts[1]![1]!;
    expect(result.metrics.accuracy).toBeCloseTo(correct / 8, 12);
    expect(result.confusionMatrix.labels).toEqual([0, 1]);
    // JSON mode prints no progress; the packages' warnings still reach stderr (stories260K spells "yes" in two tokens).
    expect(context.stderrText().split('\n').filter(Boolean).every((line) => line.startsWith('warning: The word'))).toBe(true);
  });

  it('prints a metrics table and progress lines in plain mode', async () => {
    const context = createCapturedContext();
    expect(await runCli(['eval', '--run', runDir, '--data', courtTrain, '--calibrate', '--batch-size', '4'], context)).toBe(0);
    const text = context.stdoutText();
    for (const heading of ['accuracy', 'macro-F1', 'ROC-AUC', 'ECE', 'confusion (rows actual, columns predicted)']) expect(text).toContain(heading);
    expect(context.stderrText()).toMatch(/^classify start \| 8 items$/m);
    expect(context.stderrText()).toMatch(/^classify 8\/8 \(100%\)$/m);
  });

  it('reports a missing run directory as ARTIFACT_NOT_FOUND with exit code 1', async () => {
    const context = createCapturedContext();
    expect(await runCli(['eval', '--run', join(root, 'missing'), '--data', courtTrain, '--json'], context)).toBe(1);
    expect(JSON.parse(context.stdoutText())).toMatchObject({ error: { code: 'ARTIFACT_NOT_FOUND' } });
    expect(context.stderrText()).toMatch(/^ARTIFACT_NOT_FOUND: The run directory '.*missing' does not exist/);
  });

  it('refuses bad flags as usage errors', async () => {
    const context = createCapturedContext();
    expect(await runCli(['eval', '--run', runDir, '--data', courtTrain, '--threshold', '2'], context)).toBe(2);
    expect(context.stderrText()).toContain('USAGE_INVALID');
  });
});
