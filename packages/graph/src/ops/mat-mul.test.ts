import { GraphBuilder } from '../builder/graph-builder.js';
import { ShapeMismatchError } from '../builder/shape.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, matMul, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { name: 'a plain product', a: [3, 4], b: [4, 2] },
  { name: 'a shared weight', a: [2, 3, 4], b: [4, 5] },
  { name: 'a batched product', a: [2, 3, 4], b: [2, 4, 5] },
  { name: 'a broadcast batch', a: [1, 3, 4], b: [2, 4, 5] },
  { name: 'a rank-2 left operand against a batch', a: [3, 4], b: [2, 4, 2] },
  { name: 'broadcast batch axes on both sides', a: [2, 1, 2, 3], b: [3, 3, 2] },
];

describe('MatMul', () => {
  it.each(CASES)('matches the reference for $name: $a · $b', async ({ a, b }) => {
    const inputs = [randomInput('a', a, 1), randomInput('b', b, 2)];
    const [y] = await runGraph((g, [x, w]) => g.matMul(x!, w!), inputs);
    expect(compareTensors(y!, matMul(inputs[0]!, inputs[1]!))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient for $name: $a · $b', async ({ a, b }) => {
    const result = await checkGradient((g, [x, w]) => g.matMul(x!, w!), [randomInput('a', a, 1), randomInput('b', b, 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('gives a frozen left operand no gradient nodes (a LoRA-style weight only)', async () => {
    const result = await checkGradient((g, [x, w]) => g.matMul(x!, w!), [{ ...randomInput('x', [2, 3, 4], 1), requiresGrad: false }, randomInput('w', [4, 5], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [], checked: 20 });
  });

  it('keeps named dims in the inferred shape', () => {
    const g = new GraphBuilder();
    const y = g.matMul(g.input('x', 'float32', ['batch', 'seq', 4]), g.input('w', 'float32', [4, 8]));
    expect(y.shape).toEqual(['batch', 'seq', 8]);
  });

  it('throws a ShapeMismatchError (GRAPH_SHAPE_MISMATCH) naming the op and both shapes', () => {
    const g = new GraphBuilder();
    const a = g.input('a', 'float32', [2, 3, 4]);
    const b = g.input('b', 'float32', [5, 6]);
    let error: unknown;
    try {
      g.matMul(a, b);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ShapeMismatchError);
    expect(error).toMatchObject({ code: 'GRAPH_SHAPE_MISMATCH', op: 'MatMul' });
    expect((error as Error).message).toMatch(/^MatMul:.*\[2, 3, 4\].*\[5, 6\]/);
  });

  it('throws GRAPH_SHAPE_MISMATCH for unbroadcastable batches and vectors', () => {
    const g = new GraphBuilder();
    expect(() => g.matMul(g.input('a', 'float32', [2, 3, 4]), g.input('b', 'float32', [3, 4, 5]))).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('MatMul') }));
    expect(() => g.matMul(g.input('v', 'float32', [4]), g.input('w', 'float32', [4, 5]))).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
