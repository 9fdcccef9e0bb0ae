/**
 * bench/forward: the forward pass of the gpt2-124m shape (random weights from createTinyModel's
 * 'gpt2-124m' preset, batch 8 × 256 tokens) compiled by causal-tune and run by onnxruntime-node
 * on the CPU, beside the same model in PyTorch (torch_forward.py) on this machine, in one run.
 * Two heads: logits at every position ([8, 256, 50257], what a language-model loss needs) and at
 * the last position of each row only (a classifier's or a generator's step). Prints a table and
 * writes bench/results/forward.json.
 *
 *   pnpm bench:forward          (options: --steps N --batch B --seq S --threads T)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GraphBuilder, compile, createSession, type HostTensor } from '@causal-tune/graph';
import { buildForward, buildLmHead, createTinyModel, createWeightSource, type ModelCheckpoint } from '@causal-tune/models';
import { runPython } from '../lib/python.js';
import { printTable, writeResults, type Row } from '../lib/report.js';

const { values: flags } = parseArgs({
  options: { steps: { type: 'string', default: '3' }, batch: { type: 'string', default: '8' }, seq: { type: 'string', default: '256' }, threads: { type: 'string', default: '2' } },
});
const [steps, batch, seq, threads] = [flags.steps, flags.batch, flags.seq, flags.threads].map(Number) as [number, number, number, number];
const HEADS = ['all', 'last'] as const;
type Head = (typeof HEADS)[number];

// FLOPs of one forward pass (multiply-adds × 2): the 12 blocks' dense products (c_attn 768→2304,
// c_proj 768→768, c_fc 768→3072, mlp c_proj 3072→768), attention's two batched products (causal
// or not, both engines compute the full square), and the tied head over the chosen positions.
const [hidden, layers, vocab] = [768, 12, 50257];
const denseFlops = 2 * batch * seq * layers * (hidden * 3 * hidden + hidden * hidden + 2 * hidden * 4 * hidden);
const attentionFlops = 2 * 2 * batch * seq * seq * hidden * layers;
const headFlops = (head: Head) => 2 * (head === 'all' ? batch * seq : batch) * hidden * vocab;

async function runCausalTune(model: ModelCheckpoint, head: Head) {
  const g = new GraphBuilder({ name: `gpt2-124m-forward-${head}` });
  const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'seq']);
  const positionIds = g.input('position_ids', 'int64', ['batch', 'seq']);
  const weights = createWeightSource(g, model.weights);
  const { hidden: states } = buildForward(g, model.config, weights, { inputIds, attentionMask, positionIds });
  const positions = head === 'last' ? g.input('positions', 'int64', ['batch']) : undefined;
  g.output(buildLmHead(g, model.config, weights, states, positions ? { positions } : {}), 'logits');
  const started = performance.now();
  const session = await createSession(compile(g), { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const setupMs = performance.now() - started;
  const ids = BigInt64Array.from({ length: batch * seq }, (_unused, index) => BigInt((index * 7919) % vocab));
  const feeds: Record<string, HostTensor> = {
    input_ids: { dtype: 'int64', dims: [batch, seq], data: ids },
    attention_mask: { dtype: 'int64', dims: [batch, seq], data: new BigInt64Array(batch * seq).fill(1n) },
    position_ids: { dtype: 'int64', dims: [batch, seq], data: BigInt64Array.from({ length: batch * seq }, (_unused, index) => BigInt(index % seq)) },
    ...(head === 'last' ? { positions: { dtype: 'int64', dims: [batch], data: BigInt64Array.from({ length: batch }, (_unused, row) => BigInt(row * seq + seq - 1)) } } : {}),
  };
  await session.run(feeds); // warm-up
  const runStarted = performance.now();
  for (let step = 0; step < steps; step += 1) await session.run(feeds);
  const msPerStep = (performance.now() - runStarted) / steps;
  await session.release();
  return { msPerStep, setupMs, nodes: g.records.length };
}

const initStarted = performance.now();
const model = createTinyModel({ architecture: 'gpt2', preset: 'gpt2-124m', seed: 0 });
const initMs = performance.now() - initStarted;
const ours: Record<string, Awaited<ReturnType<typeof runCausalTune>>> = {};
for (const head of HEADS) ours[head] = await runCausalTune(model, head);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
const reference = runPython(join(import.meta.dirname, 'torch_forward.py'), [batch, seq, steps, threads].map(String));
const theirs = reference.result as undefined | { torch: string; threads: number; peakRssBytes: number; all: { msPerStep: number }; last: { msPerStep: number } };

const rows: Row[] = [];
for (const head of HEADS) {
  const flops = denseFlops + attentionFlops + headFlops(head);
  const row = (engine: string, ms: number, rss: number, ratio: number): Row => ({ logits: head === 'all' ? 'every position' : 'last position', engine, 'ms/pass': ms, 'tokens/s': (batch * seq * 1000) / ms, 'GFLOP/s': flops / ms / 1e6, 'peak RSS MB': rss / 2 ** 20, 'vs PyTorch': ratio });
  const ms = ours[head]!.msPerStep;
  rows.push(row('causal-tune (onnxruntime-node, cpu)', ms, peakRssBytes, theirs ? theirs[head].msPerStep / ms : Number.NaN));
  if (theirs) rows.push(row(`PyTorch ${theirs.torch} (${theirs.threads} threads)`, theirs[head].msPerStep, theirs.peakRssBytes, 1));
}
printTable(`bench/forward: gpt2-124m shape forward pass, batch ${batch} x ${seq}, ${threads} threads, ${steps} timed passes after 1 warm-up`, rows);
if (reference.skipped) process.stdout.write(`PyTorch reference skipped: ${reference.skipped}\n`);
const path = writeResults('forward', {
  shape: { preset: 'gpt2-124m', batch, seq, hidden, layers, vocab },
  threads,
  steps,
  passGflop: Object.fromEntries(HEADS.map((head) => [head, (denseFlops + attentionFlops + headFlops(head)) / 1e9])),
  causalTune: { ...ours, initMs, peakRssBytes },
  pytorch: theirs ?? null,
  skipped: reference.skipped ?? null,
  rows,
});
process.stdout.write(`wrote ${path}\n`);
