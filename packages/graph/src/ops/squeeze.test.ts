import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { axes: [1], shape: [2, 3, 1] },
  { axes: [-1], shape: [2, 1, 3] },
  { axes: [1, 3], shape: [2, 3] },
];

describe('Squeeze', () => {
  it.each(CASES)('removes axes $axes of [2, 1, 3, 1], giving $shape', async ({ axes, shape }) => {
    const input = randomInput('x', [2, 1, 3, 1], 1);
    const [y] = await runGraph((g, [x]) => g.squeeze(x!, axes), [input]);
    expect(compareTensors(y!, tensor(shape, input.data))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient for axes $axes', async ({ axes }) => {
    const result = await checkGradient((g, [x]) => g.squeeze(x!, axes), [randomInput('x', [2, 1, 3, 1], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('throws GRAPH_SHAPE_MISMATCH for an axis whose size is not 1', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 1, 3]);
    expect(() => g.squeeze(x, [0])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('Squeeze') }));
    expect(g.squeeze(g.input('named', 'float32', ['batch', 1]), [1]).shape).toEqual(['batch']);
  });
});
