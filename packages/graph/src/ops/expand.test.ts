import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, expand, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { input: [3], target: [2, 3], shape: [2, 3] },
  { input: [2, 1], target: [2, 3], shape: [2, 3] },
  { input: [1, 3], target: [2, 2, 3], shape: [2, 2, 3] },
  // Bidirectional: a 1 in the target keeps the input's dim.
  { input: [3, 1], target: [1, 4], shape: [3, 4] },
  { input: [2, 3], target: [2, 3], shape: [2, 3] },
];

describe('Expand', () => {
  it.each(CASES)('broadcasts $input to $target, giving $shape', async ({ input: inputShape, target, shape }) => {
    const input = randomInput('x', inputShape, 1);
    const [y] = await runGraph((g, [x]) => {
      const expanded = g.expand(x!, target);
      expect(expanded.shape).toEqual(shape);
      return expanded;
    }, [input]);
    expect(compareTensors(y!, expand(input, target))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient (summed over broadcast axes) for $input to $target', async ({ input, target }) => {
    const result = await checkGradient((g, [x]) => g.expand(x!, target), [randomInput('x', input, 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('expands to a computed shape with the output shape given', async () => {
    const input = randomInput('x', [1, 3], 3);
    const [y] = await runGraph((g, [x, like]) => g.expand(x!, g.shape(like!), [2, 3]), [input, randomInput('like', [2, 3], 4)]);
    expect(compareTensors(y!, expand(input, [2, 3]))).toEqual([]);
  });

  it('throws GRAPH_SHAPE_MISMATCH for a target it cannot broadcast to', () => {
    const g = new GraphBuilder();
    expect(() => g.expand(g.input('x', 'float32', [2, 3]), [4, 3, 4])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('Expand') }));
  });
});
