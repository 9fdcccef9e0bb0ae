/**
 * bench/graph: forward + backward of one GPT-2-sized transformer block (768 wide, 12 heads,
 * batch 4 × 256 tokens) compiled by causal-tune's graph builder and run by onnxruntime-node,
 * beside the same block in PyTorch on this machine, in one run. Prints a table and writes
 * bench/results/graph.json.
 *
 *   pnpm bench:graph            (options: --steps N --batch B --seq S --hidden H --heads N)
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GraphBuilder, compile, createSession, gradients, type HostTensor } from '@causal-tune/graph';
import { TRANSFORMER_BLOCK_PARAMETERS, buildTransformerBlock, initTransformerBlock, pseudoRandom, transformerBlockParameterShapes } from '@causal-tune/graph/testing';
import { printTable, writeResults } from '../lib/report.js';
import { runPython } from '../lib/python.js';

const { values: flags } = parseArgs({ args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: { steps: { type: 'string', default: '5' }, batch: { type: 'string', default: '4' }, seq: { type: 'string', default: '256' }, hidden: { type: 'string', default: '768' }, heads: { type: 'string', default: '12' }, threads: { type: 'string', default: '2' } },
});
const [steps, batch, seq, hidden, heads, threads] = [flags.steps, flags.batch, flags.seq, flags.hidden, flags.heads, flags.threads].map(Number) as [number, number, number, number, number, number];
const shape = { batch, seq, hidden, heads };

// FLOPs of the forward pass: the dense matmuls (qkv, proj, fc, fc_proj) and attention's two
// batched products; the backward pass does twice the forward's work (inputs and weights).
const denseFlops = 2 * batch * seq * (hidden * 3 * hidden + hidden * hidden + 2 * hidden * 4 * hidden);
const attentionFlops = 2 * 2 * batch * heads * seq * seq * (hidden / heads);
const stepFlops = 3 * (denseFlops + attentionFlops);

async function runCausalTune() {
  const shapes = transformerBlockParameterShapes(hidden);
  const g = new GraphBuilder({ name: 'gpt2-block' });
  const x = g.input('x', 'float32', [batch, seq, hidden]);
  const params = Object.fromEntries(TRANSFORMER_BLOCK_PARAMETERS.map((name) => [name, g.input(name, 'float32', shapes[name])]));
  const output = buildTransformerBlock(g, x, params, shape);
  const loss = g.reduceMean(g.mul(output, output), [], false);
  gradients(g, loss, Object.values(params)).forEach((grad) => g.output(grad));
  g.output(loss, 'loss');
  const compileStarted = performance.now();
  const session = await createSession(compile(g), { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const setupMs = performance.now() - compileStarted;
  const init = initTransformerBlock(hidden, 3);
  const feeds: Record<string, HostTensor> = { x: { dtype: 'float32', dims: [batch, seq, hidden], data: Float32Array.from(pseudoRandom(batch * seq * hidden, 1), (v) => v * 0.8) } };
  for (const name of TRANSFORMER_BLOCK_PARAMETERS) feeds[name] = { dtype: 'float32', dims: shapes[name], data: init[name]! };
  for (let warmup = 0; warmup < 2; warmup += 1) await session.run(feeds);
  const started = performance.now();
  for (let step = 0; step < steps; step += 1) await session.run(feeds);
  const msPerStep = (performance.now() - started) / steps;
  await session.release();
  return { msPerStep, setupMs, peakRssBytes: process.resourceUsage().maxRSS * 1024, nodes: g.records.length };
}

const ours = await runCausalTune();
const reference = runPython(join(dirname(fileURLToPath(import.meta.url)), 'torch_block.py'), [batch, seq, hidden, heads, steps].map(String));
const rows = [
  { engine: 'causal-tune (onnxruntime-node, cpu)', 'ms/step': ours.msPerStep, 'GFLOP/s': stepFlops / ours.msPerStep / 1e6, 'tokens/s': (batch * seq * 1000) / ours.msPerStep, 'peak RSS MB': ours.peakRssBytes / 2 ** 20 },
];
if (reference.result) {
  const ms = reference.result.msPerStep as number;
  rows.push({ engine: `PyTorch ${reference.result.torch as string} (${reference.result.threads as number} threads)`, 'ms/step': ms, 'GFLOP/s': stepFlops / ms / 1e6, 'tokens/s': (batch * seq * 1000) / ms, 'peak RSS MB': (reference.result.peakRssBytes as number) / 2 ** 20 });
}
printTable(`bench/graph: GPT-2 block forward+backward, batch ${batch} x ${seq}, hidden ${hidden}, ${heads} heads, ${threads} threads, ${steps} steps`, rows);
if (reference.skipped) process.stdout.write(`PyTorch reference skipped: ${reference.skipped}\n`);
if (reference.result) process.stdout.write(`speed-up over PyTorch: ${((reference.result.msPerStep as number) / ours.msPerStep).toFixed(2)}x\n`);
const path = writeResults('graph', { shape, threads, steps, stepGflop: stepFlops / 1e9, causalTune: ours, pytorch: reference.result ?? null, skipped: reference.skipped ?? null, rows });
process.stdout.write(`wrote ${path}\n`);
