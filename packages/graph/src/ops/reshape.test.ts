import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { target: [0, -1], shape: [2, 12] },
  { target: [-1, 4], shape: [6, 4] },
  { target: [4, 0, 2], shape: [4, 3, 2] },
  { target: [0, 0, 2, 2], shape: [2, 3, 2, 2] },
  { target: [24], shape: [24] },
];

describe('Reshape', () => {
  it.each(CASES)('reshapes [2, 3, 4] to $target (0 copies a dim, -1 is inferred) as $shape', async ({ target, shape }) => {
    const input = randomInput('x', [2, 3, 4], 1);
    const [y] = await runGraph((g, [x]) => {
      const reshaped = g.reshape(x!, target);
      expect(reshaped.shape).toEqual(shape);
      return reshaped;
    }, [input]);
    // Row-major data is unchanged by a reshape.
    expect(compareTensors(y!, tensor(shape, input.data))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient for the target $target', async ({ target }) => {
    const result = await checkGradient((g, [x]) => g.reshape(x!, target), [randomInput('x', [2, 3, 4], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('reshapes to a computed shape, with the output shape given', async () => {
    const input = randomInput('x', [2, 6], 3);
    const [y] = await runGraph((g, [x, like]) => g.reshape(x!, g.shape(like!), [3, 4]), [input, randomInput('like', [3, 4], 4)]);
    expect(compareTensors(y!, tensor([3, 4], input.data))).toEqual([]);
    const result = await checkGradient((g, [x, like]) => g.reshape(x!, g.shape(like!), [3, 4]), [input, { ...randomInput('like', [3, 4], 4), requiresGrad: false }]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('keeps named dims copied by 0', () => {
    const g = new GraphBuilder();
    expect(g.reshape(g.input('x', 'float32', ['batch', 3, 4]), [0, 12]).shape).toEqual(['batch', 12]);
  });

  it('throws GRAPH_SHAPE_MISMATCH naming the op and both shapes for a wrong element count', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 3]);
    expect(() => g.reshape(x, [4, 2])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringMatching(/^Reshape:.*\[4, 2\].*\[2, 3\]/) }));
    expect(() => g.reshape(x, [-1, 4])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('Reshape') }));
  });
});
