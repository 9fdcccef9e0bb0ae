import { gradients } from '../autodiff/gradients.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { compile } from '../onnx/compile.js';
import { createSession } from '../runtime/graph-session.js';
import { pseudoRandom } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput, tensor, valuesOf } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

// Dropout draws a fresh mask on every run of a session (onnxruntime's generator advances), so
// central differences, which need two identical runs per element, cannot check its gradient:
// the gradient is checked against the mask of the same run instead.
const dropout = (ratio: number, seed: number) => (g: GraphBuilder, [x]: ReturnType<GraphBuilder['input']>[]) => g.dropout(x!, ratio, seed);

describe('Dropout', () => {
  it('is deterministic for a fixed seed and differs for another seed', async () => {
    const input = randomInput('x', [64], 1);
    const [first, firstMask] = await runGraph(dropout(0.5, 42), [input]);
    const [second, secondMask] = await runGraph(dropout(0.5, 42), [input]);
    const [, otherMask] = await runGraph(dropout(0.5, 7), [input]);
    expect(valuesOf(second!)).toEqual(valuesOf(first!));
    expect(valuesOf(secondMask!)).toEqual(valuesOf(firstMask!));
    expect(valuesOf(otherMask!)).not.toEqual(valuesOf(firstMask!));
  });

  it('draws a new mask on each run of one session (one per training step)', async () => {
    const g = new GraphBuilder();
    const [, mask] = g.dropout(g.input('x', 'float32', [64]), 0.5, 42);
    g.output(mask, 'mask');
    const session = await createSession(compile(g));
    const feeds = { x: { dtype: 'float32' as const, dims: [64], data: new Float32Array(64).fill(1) } };
    const first = valuesOf((await session.run(feeds)).mask!);
    const second = valuesOf((await session.run(feeds)).mask!);
    await session.release();
    expect(second).not.toEqual(first);
  });

  it.each([0.1, 0.3, 0.5])('keeps about 1 − %f of a large tensor and scales the kept values by 1/(1 − ratio)', async (ratio) => {
    const size = 20_000;
    const input = { name: 'x', shape: [size], data: pseudoRandom(size, 3).map((value) => value + 2) };
    const [y, mask] = await runGraph(dropout(ratio, 11), [input]);
    expect(mask!.dtype).toBe('bool');
    const kept = valuesOf(mask!);
    const keptFraction = kept.reduce((sum, bit) => sum + bit, 0) / size;
    // Binomial standard deviation ≤ 0.0036 at this size: ±0.02 is more than five of them.
    expect(Math.abs(keptFraction - (1 - ratio))).toBeLessThan(0.02);
    expect(compareTensors(y!, elementwise((value, bit) => (bit ? value / (1 - ratio) : 0), input, tensor([size], kept)))).toEqual([]);
  });

  it.each(['float32', 'float64'] as const)('has the gradient dY · mask / (1 − ratio) in %s', async (dtype) => {
    const ratio = 0.25;
    const input = randomInput('x', [4, 8], 5);
    const weights = randomInput('w', [4, 8], 6);
    const [dx, mask] = await runGraph((g, [x, w]) => {
      const [y, keep] = g.dropout(x!, ratio, 3);
      const [grad] = gradients(g, g.reduceSum(g.mul(y, w!), [], false), [x!]);
      return [grad!, keep];
    }, [input, weights], dtype);
    expect(dx!.dtype).toBe(dtype);
    const expected = elementwise((w, bit) => (bit ? w / (1 - ratio) : 0), weights, tensor([4, 8], valuesOf(mask!)));
    expect(compareTensors(dx!, expected)).toEqual([]);
    expect(valuesOf(mask!).some((bit) => bit === 0)).toBe(true);
  });

  it('infers the output and a bool mask of the input shape', () => {
    const g = new GraphBuilder();
    const [y, mask] = g.dropout(g.input('x', 'float32', ['batch', 16]), 0.1, 0);
    expect(y).toMatchObject({ dtype: 'float32', shape: ['batch', 16] });
    expect(mask).toMatchObject({ dtype: 'bool', shape: ['batch', 16] });
  });
});
