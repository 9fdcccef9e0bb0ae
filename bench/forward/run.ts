/**
 * bench/forward: the forward pass of the gpt2-124m shape (random weights from createTinyModel's
 * 'gpt2-124m' preset, batch 8 × 256 tokens) compiled by causal-tune and run by onnxruntime-node
 * on the CPU, beside the same model in PyTorch (torch_forward.py) on this machine, in one run.
 * Two heads: logits at every position ([8, 256, 50257], what a language-model loss needs) and at
 * the last position of each row only (a classifier's or a generator's step). The two engines'
 * passes alternate (PyTorch serves one pass per request), so on a shared machine both see the
 * same load; the table gives medians. Prints a table and writes bench/results/forward.json.
 *
 *   pnpm bench:forward          (options: --steps N --batch B --seq S --threads T)
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { GraphBuilder, compile, createSession, type GraphSession, type HostTensor } from '@causal-tune/graph';
import { buildForward, buildLmHead, createTinyModel, createWeightSource, type ModelCheckpoint } from '@causal-tune/models';
import { printTable, writeResults, type Row } from '../lib/report.js';

const { values: flags } = parseArgs({ args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: { steps: { type: 'string', default: '5' }, batch: { type: 'string', default: '8' }, seq: { type: 'string', default: '256' }, threads: { type: 'string', default: '2' } },
});
const [steps, batch, seq, threads] = [flags.steps, flags.batch, flags.seq, flags.threads].map(Number) as [number, number, number, number];
const HEADS = ['all', 'last'] as const;
type Head = (typeof HEADS)[number];

// FLOPs of one forward pass (multiply-adds × 2): the 12 blocks' dense products (c_attn 768→2304,
// c_proj 768→768, c_fc 768→3072, mlp c_proj 3072→768), attention's two batched products (both
// engines compute the full square and mask it), and the tied head over the chosen positions.
const [hidden, layers, vocab] = [768, 12, 50257];
const denseFlops = 2 * batch * seq * layers * (hidden * 3 * hidden + hidden * hidden + 2 * hidden * 4 * hidden);
const attentionFlops = 2 * 2 * batch * seq * seq * hidden * layers;
const passFlops = (head: Head) => denseFlops + attentionFlops + 2 * (head === 'all' ? batch * seq : batch) * hidden * vocab;

/** One causal-tune session per head; `pass()` runs one forward pass and returns its milliseconds. */
async function causalTunePass(model: ModelCheckpoint, head: Head): Promise<{ pass: () => Promise<number>; session: GraphSession; setupMs: number; nodes: number }> {
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
  const feeds: Record<string, HostTensor> = {
    input_ids: { dtype: 'int64', dims: [batch, seq], data: BigInt64Array.from({ length: batch * seq }, (_unused, index) => BigInt((index * 7919) % vocab)) },
    attention_mask: { dtype: 'int64', dims: [batch, seq], data: new BigInt64Array(batch * seq).fill(1n) },
    position_ids: { dtype: 'int64', dims: [batch, seq], data: BigInt64Array.from({ length: batch * seq }, (_unused, index) => BigInt(index % seq)) },
    ...(head === 'last' ? { positions: { dtype: 'int64', dims: [batch], data: BigInt64Array.from({ length: batch }, (_unused, row) => BigInt(row * seq + seq - 1)) } } : {}),
  };
  const pass = async () => {
    const passStarted = performance.now();
    await session.run(feeds);
    return performance.now() - passStarted;
  };
  return { pass, session, setupMs, nodes: g.records.length };
}

/** PyTorch serving one pass per request line (torch_forward.py), or the reason it cannot. */
function startPyTorch(): { pass: (head: Head) => Promise<number>; finish: () => Promise<Record<string, unknown>> } | { skipped: string } {
  const python = process.env.CTUNE_BENCH_PYTHON ?? '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import torch']).status !== 0) return { skipped: `PyTorch is not importable by ${python} (apt-get install python3-torch)` };
  const child = spawn(python, [join(import.meta.dirname, 'torch_forward.py'), String(batch), String(seq), String(threads)], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, OMP_NUM_THREADS: String(threads) } });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const request = async (command: string) => {
    child.stdin.write(`${command}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error('the PyTorch reference exited early');
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  return { pass: async (head) => (await request(head)).ms as number, finish: () => request('quit') };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const initStarted = performance.now();
const model = createTinyModel({ architecture: 'gpt2', preset: 'gpt2-124m', seed: 0 });
const initMs = performance.now() - initStarted;
const ours = { all: await causalTunePass(model, 'all'), last: await causalTunePass(model, 'last') };
const torch = startPyTorch();
const times: Record<string, Record<Head, number[]>> = { causalTune: { all: [], last: [] }, pytorch: { all: [], last: [] } };
for (let step = -1; step < steps; step += 1) {
  // Step −1 warms both engines up and is not counted.
  for (const head of HEADS) {
    const ourMs = await ours[head].pass();
    await pause(); // let onnxruntime's spinning threads park before PyTorch runs, and vice versa
    const theirMs = 'pass' in torch ? await torch.pass(head) : Number.NaN;
    await pause();
    if (step >= 0) {
      times.causalTune![head].push(ourMs);
      times.pytorch![head].push(theirMs);
    }
  }
}
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
const pytorch = 'finish' in torch ? ((await torch.finish()) as { torch: string; threads: number; peakRssBytes: number }) : undefined;
await Promise.all(HEADS.map((head) => ours[head].session.release()));

const rows: Row[] = [];
for (const head of HEADS) {
  const row = (engine: string, ms: number, rss: number, ratio: number): Row => ({ logits: head === 'all' ? 'every position' : 'last position', engine, 'ms/pass': ms, 'tokens/s': (batch * seq * 1000) / ms, 'GFLOP/s': passFlops(head) / ms / 1e6, 'peak RSS MB': rss / 2 ** 20, 'speed vs PyTorch': ratio });
  const ourMs = median(times.causalTune![head]);
  const theirMs = median(times.pytorch![head]);
  rows.push(row('causal-tune (onnxruntime-node, cpu)', ourMs, peakRssBytes, pytorch ? theirMs / ourMs : Number.NaN));
  if (pytorch) rows.push(row(`PyTorch ${pytorch.torch} (${pytorch.threads} threads)`, theirMs, pytorch.peakRssBytes, 1));
}
printTable(`bench/forward: gpt2-124m shape forward pass, batch ${batch} x ${seq}, ${threads} threads, median of ${steps} alternating passes after 1 warm-up`, rows);
if ('skipped' in torch) process.stdout.write(`PyTorch reference skipped: ${torch.skipped}\n`);
const path = writeResults('forward', {
  shape: { preset: 'gpt2-124m', batch, seq, hidden, layers, vocab },
  threads,
  steps,
  passGflop: Object.fromEntries(HEADS.map((head) => [head, passFlops(head) / 1e9])),
  causalTune: { initMs, peakRssBytes, setupMs: { all: ours.all.setupMs, last: ours.last.setupMs }, nodes: ours.all.nodes, msPerPass: times.causalTune },
  pytorch: pytorch ? { ...pytorch, msPerPass: times.pytorch } : null,
  skipped: 'skipped' in torch ? torch.skipped : null,
  rows,
});
process.stdout.write(`wrote ${path}\n`);
