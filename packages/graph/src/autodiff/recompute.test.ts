import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder } from '../builder/graph-builder.js';
import type { Value } from '../builder/value.js';
import { compile, decodeModel } from '../onnx/compile.js';
import { createSession, type HostTensor } from '../runtime/graph-session.js';
import { pseudoRandom } from '../testing/check-gradient.js';
import { buildTransformerBlock, initTransformerBlock, transformerBlockParameterShapes } from '../testing/transformer-block.js';
import { gradients } from './gradients.js';

const SHAPE = { hidden: 8, heads: 2, seq: 4, batch: 2 } as const;
const LAYERS = 3;

/** Three stacked GPT-2 blocks with frozen weights and a trainable input scale; gradients towards the scale and the input. */
async function stackedGradients(checkpointed: boolean): Promise<{ values: Record<string, number[]>; recomputed: number }> {
  const g = new GraphBuilder({ name: 'stack' });
  const x = g.input('x', 'float32', [SHAPE.batch, SHAPE.seq, SHAPE.hidden]);
  const gain = g.input('gain', 'float32', [SHAPE.hidden]);
  let hidden = g.mul(x, gain);
  const checkpoints: Value[] = [];
  for (let layer = 0; layer < LAYERS; layer += 1) {
    checkpoints.push(hidden);
    const parameters = initTransformerBlock(SHAPE.hidden, 10 + layer);
    const values = Object.fromEntries(Object.entries(transformerBlockParameterShapes(SHAPE.hidden)).map(([name, shape]) => [name, g.initializer(`l${layer}.${name}`, Float32Array.from(parameters[name]!), shape)]));
    hidden = g.withScope(`layer.${layer}`, () => buildTransformerBlock(g, hidden, values, SHAPE));
  }
  const loss = g.reduceSum(g.mul(hidden, hidden), [], false);
  const [dGain, dX] = gradients(g, loss, [gain, x], checkpointed ? { checkpoints } : {});
  g.output(loss, 'loss');
  g.output(dGain!);
  g.output(dX!);
  const session = await createSession(compile(g));
  const feeds: Record<string, HostTensor> = {
    x: { dtype: 'float32', dims: [SHAPE.batch, SHAPE.seq, SHAPE.hidden], data: Float32Array.from(pseudoRandom(SHAPE.batch * SHAPE.seq * SHAPE.hidden, 1)) },
    gain: { dtype: 'float32', dims: [SHAPE.hidden], data: Float32Array.from(pseudoRandom(SHAPE.hidden, 2), (value) => 1 + value / 4) },
  };
  const result = await session.run(feeds);
  await session.release();
  return {
    values: Object.fromEntries(Object.entries(result).map(([name, tensor]) => [name, Array.from(tensor.data as Float32Array)])),
    recomputed: g.records.filter((record) => record.node.name.includes('/recompute/')).length,
  };
}

describe('backward recompute', () => {
  it('gradient checkpointing recomputes the segments between checkpoints and gives the same gradients', async () => {
    const plain = await stackedGradients(false);
    const checkpointed = await stackedGradients(true);
    expect(plain.recomputed).toBe(0);
    // Two of the three layers are recomputed (the last one's backward comes first).
    expect(checkpointed.recomputed).toBeGreaterThan(20);
    for (const [name, values] of Object.entries(plain.values)) {
      values.forEach((value, index) => expect(checkpointed.values[name]![index]).toBeCloseTo(value, 5));
    }
  });

  it('rebuilds a value with a recompute rule for the gradient that reads it, after that gradient exists', async () => {
    const g = new GraphBuilder({ name: 'rule' });
    const x = g.input('x', 'float32', ['rows', 3]);
    const half = g.initializer('w16', Uint16Array.of(0x3c00, 0x4000, 0xc000, 0x3800, 0x0000, 0x4200), [3, 2], 'float16'); // 1, 2, -2, 0.5, 0, 3
    const materialize = (anchor: Value) => g.cast(g.after(half, anchor), 'float32');
    const weight = materialize(x);
    g.setRecompute(weight, (_builder, anchor) => materialize(anchor));
    const y = g.matMul(x, weight);
    const [dx] = gradients(g, g.reduceSum(y, [], false), [x]);
    g.output(dx!);
    const casts = g.records.filter((record) => record.node.opType === 'Cast');
    expect(casts).toHaveLength(2); // forward, and rebuilt for dX = dY · Wᵀ
    const dir = await mkdtemp(join(tmpdir(), 'recompute-'));
    try {
      const session = await createSession(compile(g), { optimizedModelPath: join(dir, 'optimized.onnx') });
      const { 'grad/x': grad } = await session.run({ x: { dtype: 'float32', dims: [1, 3], data: Float32Array.of(1, 1, 1) } });
      await session.release();
      expect(Array.from(grad!.data as Float32Array)).toEqual([3, -1.5, 3]);
      // onnxruntime kept both casts: no float32 copy of the weight was folded into the model.
      const optimized = decodeModel(await readFile(join(dir, 'optimized.onnx'))) as { graph: { node: { op_type: string }[]; initializer?: { data_type: number; dims: number[] }[] } };
      expect(optimized.graph.node.filter((node) => node.op_type === 'Cast')).toHaveLength(2);
      expect((optimized.graph.initializer ?? []).filter((init) => init.data_type === 1 && init.dims.join() === '3,2')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
