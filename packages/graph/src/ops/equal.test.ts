import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, intInput, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const reference = (p: number, q: number) => Number(p === q);

describe('Equal', () => {
  it.each([
    { a: [2, 3], b: [2, 3] },
    { a: [2, 3], b: [3] },
    { a: [2, 1, 3], b: [4, 1] },
  ])('compares $a with $b into a bool tensor', async ({ a, b }) => {
    // Rounded values make ties, so equality is exercised too.
    const round = (input: ReturnType<typeof randomInput>) => ({ ...input, data: input.data.map((v) => Math.round(v * 2) / 2) });
    const inputs = [round(randomInput('a', a, 1)), round(randomInput('b', b, 2))];
    const [y] = await runGraph((g, [x, z]) => g.equal(x!, z!), inputs);
    expect(y!.dtype).toBe('bool');
    expect(compareTensors(y!, elementwise(reference, ...inputs), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('compares int64 tensors', async () => {
    const inputs = [intInput('a', [4], [1, 2, 3, 4]), intInput('b', [1], [3])];
    const [y] = await runGraph((g, [x, z]) => g.equal(x!, z!), inputs);
    expect(compareTensors(y!, elementwise(reference, ...inputs), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('declares no gradient: a mask built from x passes the gradient of the other use of x only', async () => {
    // y = x · float(Equal(x, 0.25)): dy/dx is the mask, since the comparison is piecewise constant.
    const result = await checkGradient((g, [x]) => g.mul(x!, g.cast(g.equal(x!, 0.25), x!.dtype)), [randomInput('x', [2, 3], 3)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('broadcasts shapes and throws GRAPH_SHAPE_MISMATCH when they do not', () => {
    const g = new GraphBuilder();
    expect(g.equal(g.input('a', 'float32', [2, 1]), g.input('b', 'float32', [3])).shape).toEqual([2, 3]);
    expect(() => g.equal(g.input('c', 'float32', [2]), g.input('d', 'float32', [3]))).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
