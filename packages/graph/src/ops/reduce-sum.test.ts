import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, reduce } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const AXES = [[], [0], [1], [-1], [0, 2], [2, 0], [0, 1, 2]];

describe('ReduceSum', () => {
  describe.each([true, false])('keepDims=%s', (keepDims) => {
    it.each(AXES)('matches the reference over axes %j of a [2, 3, 4] tensor', async (...axes) => {
      const input = randomInput('x', [2, 3, 4], 1);
      const [y] = await runGraph((g, [x]) => g.reduceSum(x!, axes, keepDims), [input]);
      expect(compareTensors(y!, reduce(input, axes, keepDims, 'sum'))).toEqual([]);
    });

    it.each(AXES)('has a float64 gradient over axes %j', async (...axes) => {
      const result = await checkGradient((g, [x]) => g.reduceSum(x!, axes, keepDims), [randomInput('x', [2, 3, 2], 2)]);
      expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    });
  });

  it('infers shapes with named dims and rejects an axis out of range', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', ['batch', 3, 4]);
    expect(g.reduceSum(x, [1], true).shape).toEqual(['batch', 1, 4]);
    expect(g.reduceSum(x, [-1], false).shape).toEqual(['batch', 3]);
    expect(g.reduceSum(x, [], false).shape).toEqual([]);
    expect(() => g.reduceSum(x, [3], false)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('ReduceSum') }));
  });
});
