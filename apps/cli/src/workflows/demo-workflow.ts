import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ProgressEvent, RunOptions } from '@causal-tune/core';
import { formatCourtCsv, loadDataset, splitDataset, swapParties, type CourtRecord, type DatasetStatistics } from '@causal-tune/data-prep';
import type { ClassificationMetrics } from '@causal-tune/inference';
import type { TrainResult } from '@causal-tune/trainer';
import { runClassification } from './classify-workflow.js';
import { runPrep } from './prep-workflow.js';
import { runPromptsPreview } from './prompts-workflow.js';
import { BUNDLED } from '../bundled-assets.js';
import { runTraining } from './train-workflow.js';

/** One stage of the demo, reported as it starts. */
export type DemoStage = 'prep' | 'prompts' | 'train' | 'eval' | 'predict';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The run directory; default runs/demo-<time> under `cwd`. */
  readonly outputDir?: string;
  readonly cwd: string;
  /** Override the preset's optimizer steps (tests). */
  readonly maxSteps?: number;
  /** Replace a run already in `outputDir`. */
  readonly overwrite?: boolean;
  readonly onStage?: (stage: DemoStage, detail: string) => void;
}

/** What the demo produced. */
export interface DemoResult {
  readonly statistics: DatasetStatistics;
  readonly promptExample: string;
  readonly training: TrainResult;
  readonly evaluation: ClassificationMetrics;
  readonly validationFile: string;
  readonly submissionFile: string;
  readonly testRows: number;
}

/**
 * The whole pipeline on the bundled 300-row court sample and the bundled stories260K model, on
 * CPU: statistics and party matching, the prompts, a short LoRA run (preset `demo`), evaluation
 * on the held-out split, and a submission for a test-style file made of the held-out cases,
 * each twice with the parties swapped (like the competition's test set).
 */
export async function runDemo(options: DemoOptions, runOptions: RunOptions = {}): Promise<DemoResult> {
  const stage = options.onStage ?? (() => {});
  const outputDir = options.outputDir ?? resolve(options.cwd, 'runs', `demo-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`);
  const signal = runOptions.signal === undefined ? {} : { signal: runOptions.signal };

  stage('prep', BUNDLED.courtSample);
  const prep = await runPrep({ dataPath: BUNDLED.courtSample }, signal);

  stage('prompts', 'Alpaca template, "Does {party} win?"');
  const preview = await runPromptsPreview({ dataPath: BUNDLED.courtSample, show: 1, useAlias: false, lenient: false }, signal);
  const first = preview.preview.previews[0];

  stage('train', 'LoRA on stories260K (preset demo)');
  const { config, result: training } = await runTraining({ preset: 'demo', overrides: { outputDir, ...(options.maxSteps ? { training: { maxSteps: options.maxSteps } } : {}) }, resume: false, overwrite: options.overwrite ?? false, cwd: options.cwd }, runOptions);

  // The trainer's validation split, rebuilt with its seed, as files eval and predict can read.
  const loaded = await loadDataset(BUNDLED.courtSample);
  const { validation } = splitDataset<CourtRecord>(loaded.records as CourtRecord[], { validationFraction: config.data.validationFraction, seed: config.data.seed });
  const demoDirectory = join(training.runDir, 'demo');
  await mkdir(demoDirectory, { recursive: true });
  const validationFile = join(demoDirectory, 'validation.csv');
  await writeFile(validationFile, formatCourtCsv(validation));
  const testRecords = validation.flatMap((record) => [withoutLabel(record), withoutLabel(swapParties(record, { idSuffix: '_swap' }))]);
  const testFile = join(demoDirectory, 'test.csv');
  await writeFile(testFile, formatCourtCsv(testRecords));

  stage('eval', validationFile);
  const evaluation = await runClassification({ runDir: training.runDir, dataPath: validationFile, runtime: { device: 'cpu' }, lenient: false, score: true }, { batchSize: 8 }, runOptions);

  stage('predict', testFile);
  const { writeSubmission } = await import('@causal-tune/inference');
  const prediction = await runClassification({ runDir: training.runDir, dataPath: testFile, runtime: { device: 'cpu' }, lenient: false, score: false, courtOnly: true }, { batchSize: 8, consistentPairs: true }, runOptions);
  const submissionFile = join(demoDirectory, 'submission.csv');
  await writeSubmission(submissionFile, prediction.data.records as unknown as CourtRecord[], prediction.result, { probabilities: true });

  return {
    statistics: prep.data.statistics,
    promptExample: first ? first.text : '',
    training,
    evaluation: evaluation.metrics!,
    validationFile,
    submissionFile,
    testRows: testRecords.length,
  };
}

function withoutLabel(record: CourtRecord): CourtRecord {
  return { row: record.row, id: record.id, firstParty: record.firstParty, secondParty: record.secondParty, facts: record.facts };
}

/** Re-exported for the command's progress output. */
export type { ProgressEvent };
