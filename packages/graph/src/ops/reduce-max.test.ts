import { gradients } from '../autodiff/gradients.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, reduce, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const AXES = [[], [0], [1], [-1], [0, 2], [2, 0], [0, 1, 2]];

describe('ReduceMax', () => {
  describe.each([true, false])('keepDims=%s', (keepDims) => {
    it.each(AXES)('matches the reference over axes %j of a [2, 3, 4] tensor', async (...axes) => {
      const input = randomInput('x', [2, 3, 4], 1);
      const [y] = await runGraph((g, [x]) => g.reduceMax(x!, axes, keepDims), [input]);
      expect(compareTensors(y!, reduce(input, axes, keepDims, 'max'))).toEqual([]);
    });

    it.each(AXES)('has a float64 gradient over axes %j', async (...axes) => {
      const result = await checkGradient((g, [x]) => g.reduceMax(x!, axes, keepDims), [randomInput('x', [2, 3, 2], 2)]);
      expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    });
  });

  it('infers shapes with named dims and rejects an axis out of range', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', ['batch', 3, 4]);
    expect(g.reduceMax(x, [1], true).shape).toEqual(['batch', 1, 4]);
    expect(g.reduceMax(x, [-1], false).shape).toEqual(['batch', 3]);
    expect(g.reduceMax(x, [], false).shape).toEqual([]);
    expect(() => g.reduceMax(x, [3], false)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('ReduceMax') }));
  });
});

describe('ReduceMax with ties', () => {
  it('shares the gradient evenly between tied maxima (like torch.amax)', async () => {
    // Row 0 has a two-way tie (0.5), row 1 a three-way tie (0.75).
    const input = { name: 'x', shape: [2, 4], data: [0.5, -0.25, 0.5, 0.1, 0.75, 0.75, 0.2, 0.75] };
    const [y, dx] = await runGraph((g, [x]) => {
      const max = g.reduceMax(x!, [1], false);
      return [max, gradients(g, g.reduceSum(max, [], false), [x!])[0]!];
    }, [input], 'float64');
    expect(compareTensors(y!, reduce(input, [1], false, 'max'))).toEqual([]);
    expect(compareTensors(dx!, tensor([2, 4], [0.5, 0, 0.5, 0, 1 / 3, 1 / 3, 0, 1 / 3]))).toEqual([]);
  });

  it('matches central differences at a two-way tie (each side then sees slope 1/2)', async () => {
    const input = { name: 'x', shape: [2, 3], data: [0.5, -0.25, 0.5, 0.1, 0.75, 0.2] };
    const result = await checkGradient((g, [x]) => g.reduceMax(x!, [1], false), [input]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});
