/**
 * bench/train: optimizer steps of the gpt2-124m shape (random weights, the real GPT-2 tokenizer)
 * at batch 4 x 256 tokens — LoRA r=8 on c_attn, prompt tuning with 8 virtual tokens, and full
 * fine-tuning — in causal-tune and in PyTorch 1.13 (2 threads), side by side in one run, each
 * measurement in its own process for its peak RSS. Prints a table, writes bench/results/train.json.
 *
 *   pnpm bench:train            (options: --steps N --batch B --seq S --methods lora,prompt-tuning,full)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runPython } from '../lib/python.js';
import { printTable, writeResults } from '../lib/report.js';

const { values: flags } = parseArgs({ args: process.argv.slice(2).filter((argument) => argument !== '--'), options: { steps: { type: 'string', default: '3' }, batch: { type: 'string', default: '4' }, seq: { type: 'string', default: '256' }, methods: { type: 'string', default: 'lora,prompt-tuning,full' } } });
const methods = flags.methods!.split(',');
const args = [flags.batch!, flags.seq!, flags.steps!];

function runOurs(method: string, scope?: string): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'train-worker.ts'), method, ...args, ...(scope ? [scope] : [])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`causal-tune ${method} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

const rows = [];
const results = [];
for (const method of methods) {
  const ours = runOurs(method);
  const reference = runPython(join(import.meta.dirname, 'torch_train.py'), [method, ...args]);
  const theirs = reference.result;
  results.push({ method, causalTune: ours, pytorch: theirs ?? null, skipped: reference.skipped ?? null });
  const ratio = theirs ? (ours.tokensPerSecond as number) / (theirs.tokensPerSecond as number) : Number.NaN;
  rows.push({ method, engine: 'causal-tune', 'tokens/s': ours.tokensPerSecond as number, 'ms/step': ours.msPerStep as number, 'peak RSS MB': (ours.peakRssBytes as number) / 2 ** 20, 'vs PyTorch': ratio });
  if (theirs) rows.push({ method, engine: `PyTorch ${theirs.torch as string}`, 'tokens/s': theirs.tokensPerSecond as number, 'ms/step': theirs.msPerStep as number, 'peak RSS MB': (theirs.peakRssBytes as number) / 2 ** 20, 'vs PyTorch': 1 });
  else process.stdout.write(`PyTorch skipped for ${method}: ${reference.skipped}\n`);
}
if (methods.includes('lora')) {
  // The same LoRA step when only the answer tokens carry a loss (train_on_inputs=false): causal-tune
  // computes the vocabulary logits at those positions only; PyTorch's row above computes them all.
  const answerOnly = runOurs('lora', 'answer-only');
  results.push({ method: 'lora (answer-only loss)', causalTune: answerOnly });
  rows.push({ method: 'lora, answer-only loss', engine: 'causal-tune', 'tokens/s': answerOnly.tokensPerSecond as number, 'ms/step': answerOnly.msPerStep as number, 'peak RSS MB': (answerOnly.peakRssBytes as number) / 2 ** 20, 'vs PyTorch': Number.NaN });
}
printTable(`bench/train: gpt2-124m shape, batch ${flags.batch} x ${flags.seq}, ${flags.steps} timed steps after 1 warm-up, 2 threads`, rows);
process.stdout.write(`wrote ${writeResults('train', { batch: Number(flags.batch), seq: Number(flags.seq), steps: Number(flags.steps), results, rows })}\n`);
