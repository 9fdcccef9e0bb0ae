import { loadModelConfig } from '@causal-tune/models';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { render } from 'ink-testing-library';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEYS, plainFrame, press, waitForFrame } from '../__fixtures__/ink-keys.js';
import { CLI_FIXTURES, STORIES_MODEL, servicesWith } from '../__fixtures__/tui-fixtures.js';
import { EvaluateScreen, formatMetricValue, metricsLine } from './evaluate-screen.js';
import { PredictScreen, defaultSubmissionPath } from './predict-screen.js';

// The real inference package on a hand-made LoRA run over stories260K and the 8-row court file.
const services = servicesWith();
const courtTrain = join(CLI_FIXTURES, 'court-train-tiny.csv');
const courtTest = join(CLI_FIXTURES, 'court-test-tiny.csv');
let root: string;
let runDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-tui-eval-'));
  runDir = join(root, 'run');
  await writeRunDirectory(runDir, { method: 'lora', modelPath: STORIES_MODEL, modelConfig: await loadModelConfig(STORIES_MODEL) });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('formatMetricValue', () => {
  it('writes accuracy as a percentage and marks undefined metrics', () => {
    expect(formatMetricValue('accuracy', 0.75)).toBe('75.00%');
    expect(formatMetricValue('macroF1', 0.66666)).toBe('0.6667');
    expect(formatMetricValue('rocAuc', Number.NaN)).toBe('–');
    expect(formatMetricValue('examples', 8)).toBe('8');
    expect(metricsLine({ loss: 1.5, accuracy: 0.5, macroF1: 0.25, rocAuc: Number.NaN, expectedCalibrationError: 0.1 })).toBe('loss 1.5000 · accuracy 50.00% · macro-F1 0.2500 · ROC-AUC – · ECE 0.1000');
  });
});

describe('EvaluateScreen', () => {
  it('asks for a run when there is none', () => {
    const { lastFrame } = render(<EvaluateScreen active visited runDir={undefined} dataPath={courtTrain} cwd={root} evaluate={services.evaluate} readRun={services.readRun} onEditingChange={() => undefined} />);
    expect(plainFrame(lastFrame)).toContain('No run yet: train one (4 Train) or pick one on the Runs screen (7, enter).');
  });

  it('evaluates the run on the data file and shows the metrics and the confusion matrix', async () => {
    const { lastFrame, stdin } = render(<EvaluateScreen active visited runDir={runDir} dataPath={courtTrain} cwd={root} evaluate={services.evaluate} readRun={services.readRun} onEditingChange={() => undefined} />);
    await waitForFrame(lastFrame, (frame) => frame.includes('adapter saved'));
    expect(plainFrame(lastFrame)).toContain('Run run · lora · step 0 · adapter saved');
    await press(stdin, KEYS.enter);
    const frame = await waitForFrame(lastFrame, (text) => text.includes('Confusion matrix'), 30_000);
    expect(frame).toMatch(/Metrics accuracy \d+\.\d\d% · macro-F1 \d\.\d{4} · ROC-AUC (\d\.\d{4}|–) · ECE \d\.\d{4} · examples 8/);
    expect(frame).toContain('actual ↓ predicted →');
    expect(frame).toMatch(/^0 second +\d+ +\d+ /m);
    expect(frame).toMatch(/^1 first +\d+ +\d+ /m);
  });

  it('reports a data file without labels', async () => {
    const { lastFrame, stdin } = render(<EvaluateScreen active visited runDir={runDir} dataPath={courtTest} cwd={root} evaluate={services.evaluate} readRun={services.readRun} onEditingChange={() => undefined} />);
    await press(stdin, KEYS.enter);
    const frame = await waitForFrame(lastFrame, (text) => /[A-Z_]+: /.test(text.split('\n').slice(2).join('\n')), 30_000);
    expect(frame).toMatch(/DATA_RECORD_INVALID|DATA_LABEL_MISSING|first_party_winner/);
  });
});

describe('PredictScreen', () => {
  it('writes the submission for a court file, to a path that can be edited', async () => {
    const editing: boolean[] = [];
    const { lastFrame, stdin } = render(<PredictScreen active visited runDir={runDir} dataPath={courtTest} cwd={root} predict={services.predict} readRun={services.readRun} onEditingChange={(value) => editing.push(value)} />);
    expect(plainFrame(lastFrame)).toContain('Output run/submission.csv');
    expect(defaultSubmissionPath(runDir)).toBe(join(runDir, 'submission.csv'));
    await press(stdin, 'o', KEYS.ctrlU);
    stdin.write('out/submission.csv');
    await press(stdin, KEYS.enter);
    expect(plainFrame(lastFrame)).toContain('Output out/submission.csv');
    expect(editing).toEqual([true, false]);
    await press(stdin, KEYS.enter);
    const frame = await waitForFrame(lastFrame, (text) => text.includes('Wrote'), 30_000);
    expect(frame).toContain('Wrote 4 predictions to out/submission.csv');
    expect(frame).toMatch(/first_party_winner 1: \d · 0: \d/);
    const lines = (await readFile(join(root, 'out', 'submission.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('ID,first_party_winner');
    expect(lines).toHaveLength(5);
  });
});
