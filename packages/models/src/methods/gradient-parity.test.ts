import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphBuilder, compile, createSession, gradients } from '@causal-tune/graph';
import { loadModel } from '../checkpoint/load-model.js';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import { PARITY_MODEL_DIRS as MODEL_DIRS } from '../__fixtures__/paths.js';
import { maxAbsDiff, tensorFeeds } from '../__fixtures__/forward-session.js';
import { buildForward } from '../forward/build-forward.js';
import { buildLmHead } from '../forward/lm-head.js';
import { createWeightSource } from '../forward/weight-sources.js';
import { loadAdapter } from './adapter-files.js';
import { applyPeft } from './apply-peft.js';

// Gradients of the adapters' tensors against PyTorch autograd (scripts/reference/reference_models.py
// adapter_gradients, for the cases marked "gradients"): the loss is the mean log-sum-exp of the
// logits of the real tokens. DoRA's detached weight norm (PEFT's .detach()) is where a wrong
// backward pass would show: its magnitudes, A and B get PyTorch's gradients only if the graph
// sends nothing back through the norm. Tolerance 1e-4, absolute, as for the logits.

const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
const TOLERANCE = 1e-4;

interface GradientCase {
  readonly name: string;
  readonly architecture: keyof typeof MODEL_DIRS;
  readonly gradients?: boolean;
}
interface GradientGolden {
  readonly inputs: { readonly input_ids: number[][]; readonly attention_mask: number[][]; readonly position_ids: number[][] };
  readonly gradients: Record<string, number[]>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const cases = readJson<{ cases: GradientCase[] }>(join(fixtures, 'parity', 'cases.json')).cases.filter((entry) => entry.gradients === true);
const int64 = (rows: number[][]) => ({ dtype: 'int64' as const, dims: [rows.length, rows[0]!.length], data: BigInt64Array.from(rows.flat(), BigInt) });

/** The adapter tensors' gradients of the mean log-sum-exp over real tokens, by the graph's autodiff. */
async function graphGradients(model: ModelCheckpoint, adapterDir: string, golden: GradientGolden): Promise<Map<string, Float32Array>> {
  const adapter = await loadAdapter(adapterDir, { model: model.config });
  const g = new GraphBuilder({ name: 'gradient-parity' });
  const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'keys']);
  const positionIds = g.input('position_ids', 'int64', ['batch', 'queries']);
  const realTokens = g.input('real_tokens', 'float32', ['batch', 'queries']); // 1 for real tokens
  const peft = applyPeft(g, model.config, { config: adapter.config, tensors: 'trainable' }, { inputIds, dropout: false });
  const weights = createWeightSource(g, model.weights);
  const { hidden } = buildForward(g, model.config, weights, { inputIds, attentionMask, positionIds }, peft.hooks);
  const logits = buildLmHead(g, model.config, weights, hidden); // [batch, queries, vocab]
  const peak = g.stopGradient(g.reduceMax(logits, [-1], true));
  const logSumExp = g.add(g.log(g.reduceSum(g.exp(g.sub(logits, peak)), [-1], false)), g.reduceMax(peak, [-1], false)); // [batch, queries]
  const loss = g.div(g.reduceSum(g.mul(logSumExp, realTokens), [0, 1], false), g.reduceSum(realTokens, [0, 1], false));
  const names = [...peft.trainable.keys()];
  const grads = gradients(g, loss, names.map((name) => peft.trainable.get(name)!));
  const outputs = grads.map((grad, index) => g.output(grad, `gradient_${index}`).name);
  const session = await createSession(compile(g), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const { input_ids: ids, attention_mask: mask, position_ids: positions } = golden.inputs;
    const real = mask.map((row) => row.slice(row.length - positions[0]!.length));
    const result = await session.run({
      input_ids: int64(ids),
      attention_mask: int64(mask),
      position_ids: int64(positions),
      real_tokens: { dtype: 'float32', dims: [real.length, real[0]!.length], data: Float32Array.from(real.flat()) },
      ...tensorFeeds(adapter.tensors),
    });
    return new Map(names.map((name, index) => [name, result[outputs[index]!]!.data as Float32Array]));
  } finally {
    await session.release();
  }
}

describe.each(cases)('$name: adapter gradients match PyTorch autograd', ({ name, architecture }) => {
  it('for every tensor PEFT saves', async () => {
    const golden = readJson<GradientGolden>(join(fixtures, 'golden', `${name}.json`));
    const model = await loadModel(MODEL_DIRS[architecture]);
    const computed = await graphGradients(model, join(fixtures, 'parity', 'adapters', name), golden);
    expect([...computed.keys()].sort()).toEqual(Object.keys(golden.gradients).sort());
    for (const [tensor, expected] of Object.entries(golden.gradients)) {
      // A tensor that gets no gradient at all would match only a zero golden; none is zero here.
      expect(expected.some((value) => value !== 0)).toBe(true);
      // The tensor's name in the message of a failure.
      expect([tensor, maxAbsDiff(computed.get(tensor)!, expected) < TOLERANCE]).toEqual([tensor, true]);
    }
  });
});
