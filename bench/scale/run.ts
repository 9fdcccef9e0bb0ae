/**
 * bench/scale: real model sizes on this machine. Makes (once, then reuses) a TinyLlama-1.1B-shaped
 * checkpoint (one float16 model.safetensors) and a LLaMA-7B-shaped one (bfloat16, 5 GB shards),
 * random weights, offline. Then, each measurement in its own process for its own peak RSS:
 * - 1.1B: LoRA (r 8, q_proj/v_proj) at 1 x 256 tokens for every weight precision, with and
 *   without gradient checkpointing for the 8- and 4-bit ones: tokens/s, peak RSS, time to load,
 *   time to the first step, and the one-off cost of writing the weight cache; beside PyTorch 1.13
 *   on the same shape in float32 (OpenBLAS, 2 threads) in the same run;
 * - 7B: one LoRA step, one classification of a 512-token prompt and 16 generated tokens per
 *   precision asked, with peak RSS.
 * Prints tables and writes bench/results/scale.json.
 *
 *   pnpm bench:scale   (options: --models-dir DIR --cache-dir DIR --steps N --seq N
 *                       --precisions fp32,fp16,bf16,q8,q4 --large-precisions q4,q8 --skip-large --skip-pytorch)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createModelConfig, countParameters, writeRandomModel, type FloatDtype } from '@causal-tune/models';
import { runPython } from '../lib/python.js';
import { printTable, writeResults, type Row } from '../lib/report.js';

const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    'models-dir': { type: 'string', default: '/tmp/ctune-models' },
    'cache-dir': { type: 'string', default: '/tmp/ctune-cache' },
    steps: { type: 'string', default: '6' },
    seq: { type: 'string', default: '256' },
    precisions: { type: 'string', default: 'fp32,fp16,bf16,q8,q4' },
    'large-precisions': { type: 'string', default: 'q4,q8' },
    'skip-large': { type: 'boolean', default: false },
    'skip-pytorch': { type: 'boolean', default: false },
    methods: { type: 'string', default: 'prompt-tuning,p-tuning,prefix-tuning' },
    'methods-precision': { type: 'string', default: 'q8' },
  },
});
const modelsDir = flags['models-dir']!;
const cacheDir = flags['cache-dir']!;
const tokenizerDir = join(import.meta.dirname, '..', '..', 'fixtures', 'models', 'stories260K');
const GB = 1e9;

/** The checkpoint of a preset, written once (random weights; stories260K's tokenizer fits its vocabulary). */
async function checkpoint(preset: 'tinyllama-1.1b' | 'llama-7b', dtype: FloatDtype, maxShardSizeBytes?: number): Promise<{ directory: string; writeMs: number | null }> {
  const directory = join(modelsDir, `${preset}-${dtype.toLowerCase()}`);
  if (existsSync(join(directory, 'config.json'))) return { directory, writeMs: null };
  process.stdout.write(`writing ${directory} (once)\n`);
  const started = performance.now();
  await writeRandomModel(directory, { architecture: 'llama', preset, dtype, tokenizerDir, tokenizer: { vocabSize: 512, bosTokenId: 1, eosTokenId: 2, padTokenId: null }, ...(maxShardSizeBytes ? { maxShardSizeBytes } : {}) });
  return { directory, writeMs: performance.now() - started };
}

function worker(script: string, args: readonly string[]): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) return { failed: `${run.stderr.trim().split('\n').slice(-3).join(' ')} (exit ${run.status ?? run.signal})` };
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

const steps = flags.steps!;
const seq = flags.seq!;
const small = await checkpoint('tinyllama-1.1b', 'F16');
const large = flags['skip-large'] ? null : await checkpoint('llama-7b', 'BF16', 5 * GB);

// 1.1B: every precision; 8 and 4 bits also with gradient checkpointing.
const settings = flags.precisions!.split(',').flatMap((precision) => (precision === 'q8' || precision === 'q4' ? [[precision, ''], [precision, 'checkpointing']] : [[precision, '']]));
const smallResults: Record<string, unknown>[] = [];
const rows: Row[] = [];
for (const [precision, checkpointing] of settings) {
  // A first process writes the weight cache (when the precision needs one); the measured one reads it.
  const cold = worker('train-worker.ts', [small.directory, precision!, '1', seq, cacheDir, checkpointing || '-']);
  const warm = worker('train-worker.ts', [small.directory, precision!, steps, seq, cacheDir, checkpointing || '-']);
  smallResults.push({ precision, checkpointing: checkpointing === 'checkpointing', cold, warm });
  if (warm.failed) {
    rows.push({ setting: `${precision}${checkpointing ? ' + checkpointing' : ''}`, engine: 'causal-tune', 'tokens/s': Number.NaN, note: String(warm.failed) });
    continue;
  }
  rows.push({
    setting: `${precision}${checkpointing ? ' + checkpointing' : ''}`,
    engine: 'causal-tune',
    'tokens/s': warm.tokensPerSecond as number,
    'ms/step': warm.msPerStep as number,
    'peak RSS GB': (warm.peakRssBytes as number) / GB,
    'load s': (warm.loadMs as number) / 1000,
    'first step s': (warm.firstStepAtMs as number) / 1000,
    'cache write s': ((cold.prepareMs as number | undefined) ?? 0) / 1000,
  });
}
let pytorch: Record<string, unknown> | null = null;
if (!flags['skip-pytorch']) {
  const config = createModelConfig({ architecture: 'llama', preset: 'tinyllama-1.1b' });
  const shape = [config.numHiddenLayers, config.hiddenSize, config.architecture === 'llama' ? config.intermediateSize : 0, config.numAttentionHeads, config.architecture === 'llama' ? config.numKeyValueHeads : 0, config.vocabSize, Number(seq), Number(steps)].map(String);
  const reference = runPython(join(import.meta.dirname, 'torch_scale.py'), shape);
  pytorch = reference.result ?? { skipped: reference.skipped };
  if (reference.result) {
    const theirs = reference.result;
    rows.push({ setting: 'fp32', engine: `PyTorch ${theirs.torch as string}`, 'tokens/s': theirs.tokensPerSecond as number, 'ms/step': theirs.msPerStep as number, 'peak RSS GB': (theirs.peakRssBytes as number) / GB, 'load s': (theirs.loadMs as number) / 1000, 'first step s': ((theirs.loadMs as number) + (theirs.firstStepMs as number)) / 1000 });
    for (const row of rows) if (row.engine === 'causal-tune') row['vs PyTorch'] = (row['tokens/s'] as number) / (theirs.tokensPerSecond as number);
  } else process.stdout.write(`PyTorch skipped: ${reference.skipped}\n`);
}
// The other PEFT methods on the same checkpoint, at one precision (the cache is warm by now).
const methodResults: Record<string, unknown>[] = [];
const methodRows: Row[] = [];
for (const method of flags.methods!.split(',').filter(Boolean)) {
  const precision = flags['methods-precision']!;
  const result = worker('train-worker.ts', [small.directory, precision, steps, seq, cacheDir, '-', method]);
  methodResults.push({ method, precision, ...result });
  methodRows.push(result.failed ? { method, precision, note: String(result.failed) } : { method, precision, 'tokens/s': result.tokensPerSecond as number, 'ms/step': result.msPerStep as number, 'peak RSS GB': (result.peakRssBytes as number) / GB, 'first step s': (result.firstStepAtMs as number) / 1000 });
}

printTable(`bench/scale: TinyLlama-1.1B shape (${(countParameters(createModelConfig({ architecture: 'llama', preset: 'tinyllama-1.1b' })) / 1e9).toFixed(2)}B, float16 checkpoint), LoRA r 8 on q_proj/v_proj, 1 x ${seq} tokens, loss on every position, median of ${Number(steps) - 1} steps after the first, 2 threads`, rows);

if (methodRows.length > 0) printTable(`bench/scale: the other PEFT methods on the 1.1B shape, 8 virtual tokens + ${seq} tokens`, methodRows);

const largeResults: Record<string, unknown>[] = [];
if (large !== null) {
  const largeRows: Row[] = [];
  for (const precision of flags['large-precisions']!.split(',')) {
    const result = worker('large-worker.ts', [large.directory, precision, '512', '16', cacheDir]);
    largeResults.push({ precision, ...result });
    if (result.failed) largeRows.push({ precision, note: String(result.failed) });
    else {
      largeRows.push({
        precision,
        'load s': ((result.trainLoadMs as number) + (result.predictLoadMs as number)) / 1000,
        'LoRA step s': (result.trainStepMs as number) / 1000,
        'classify 512 tok s': (result.classifyMs as number) / 1000,
        '16 tokens s': (result.generateMs as number) / 1000,
        'tok/s': result.generateTokensPerSecond as number,
        'peak RSS GB': (result.peakRssBytes as number) / GB,
      });
    }
  }
  printTable(`bench/scale: LLaMA-7B shape (${(countParameters(createModelConfig({ architecture: 'llama', preset: 'llama-7b' })) / 1e9).toFixed(2)}B, bfloat16 checkpoint in 5 GB shards): one LoRA step (1 x 256, gradient checkpointing), one classification of a 512-token prompt, 16 greedy tokens`, largeRows);
}
process.stdout.write(`wrote ${writeResults('scale', { steps: Number(steps), seq: Number(seq), checkpoints: { small, large }, small: smallResults, pytorch, methods: methodResults, large: largeResults })}\n`);
