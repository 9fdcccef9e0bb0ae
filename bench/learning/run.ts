/**
 * bench/learning: does each method learn the court task? Trains every method on the Dacon
 * train.csv (a 10 % stratified validation split held out) with the bundled stories260K model,
 * evaluating before the first step (the untuned model) and at the end, beside the majority-class
 * baseline. Prints a table and writes bench/results/learning.json.
 *
 *   pnpm bench:learning -- --data ../shared/data/dacon-court/train.csv [--steps 150] [--methods lora,full]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MetricsLog } from '@causal-tune/runs';
import { train, type TrainConfigInput } from '@causal-tune/trainer';
import { printTable, writeResults } from '../lib/report.js';

const { values: flags } = parseArgs({ args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    data: { type: 'string', default: '../shared/data/dacon-court/train.csv' },
    steps: { type: 'string', default: '150' },
    methods: { type: 'string', default: 'lora,prompt-tuning,p-tuning,prefix-tuning,full' },
    out: { type: 'string', default: 'bench/results/learning-runs' },
  },
});
const root = resolve(import.meta.dirname, '..', '..');
const data = resolve(root, flags.data!);
const steps = Number(flags.steps);
const learningRates: Record<string, number> = { lora: 3e-3, 'prompt-tuning': 3e-2, 'p-tuning': 1e-3, 'prefix-tuning': 1e-2, full: 1e-3 };

const results = [];
for (const method of flags.methods!.split(',')) {
  const config: TrainConfigInput = {
    model: { path: join(root, 'fixtures/models/stories260K') },
    data: { path: data, validationFraction: 0.1, seed: 42 },
    prompt: { cutoffLen: 320 },
    method: { type: method } as TrainConfigInput['method'],
    optimizer: { learningRate: learningRates[method] ?? 1e-3 },
    schedule: { type: 'linear', warmupSteps: 10 },
    training: { maxSteps: steps, batchSize: 8, microBatchSize: 8, evalInterval: Math.max(1, Math.floor(steps / 3)), checkpointInterval: steps, evalAtStart: true, seed: 42 },
    outputDir: resolve(root, flags.out!, method),
  };
  const started = performance.now();
  // A benchmark is run again and again into the same directories: replace the previous run.
  const result = await train(config, { overwrite: true });
  const evaluations = (await new MetricsLog(join(result.runDir, 'metrics.jsonl')).read()).filter((line) => line.type === 'eval');
  results.push({ method, steps: result.steps, minutes: (performance.now() - started) / 60000, evaluations, tokensPerSecond: result.tokensPerSecond, validationExamples: result.validationExamples });
  process.stdout.write(`${method}: ${evaluations.map((line) => `step ${line.step} loss ${(line.loss as number).toFixed(3)} acc ${(line.accuracy as number).toFixed(3)}`).join(' -> ')}\n`);
}

const first = results[0]!;
const firstEval = first.evaluations[0]!;
const rows = [];
const share = firstEval.positiveShare as number;
// Always answering the more frequent word: macro-F1 is that class's F1 averaged with 0.
const majorityAccuracy = Math.max(share, 1 - share);
rows.push({ model: 'majority answer', 'val loss (start → end)': '-', accuracy: majorityAccuracy, 'macro-F1': (2 * majorityAccuracy) / (1 + majorityAccuracy) / 2, 'ROC-AUC': 0.5 });
rows.push({ model: 'untuned stories260K', 'val loss (start → end)': (firstEval.loss as number).toFixed(3), accuracy: firstEval.accuracy as number, 'macro-F1': firstEval.macroF1 as number, 'ROC-AUC': firstEval.rocAuc as number });
for (const result of results) {
  const start = result.evaluations[0]!;
  const end = result.evaluations.at(-1)!;
  rows.push({ model: `${result.method}, ${result.steps} steps`, 'val loss (start → end)': `${(start.loss as number).toFixed(3)} → ${(end.loss as number).toFixed(3)}`, accuracy: end.accuracy as number, 'macro-F1': end.macroF1 as number, 'ROC-AUC': end.rocAuc as number });
}
printTable(`bench/learning: stories260K on ${data}, ${first.validationExamples} validation cases, batch 8, cutoff 320`, rows);
process.stdout.write(`wrote ${writeResults('learning', { data, steps, results, rows })}\n`);
