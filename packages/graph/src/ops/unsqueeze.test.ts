import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { axes: [0], shape: [1, 2, 3] },
  { axes: [-1], shape: [2, 3, 1] },
  { axes: [1, 3], shape: [2, 1, 3, 1] },
  { axes: [3, 0], shape: [1, 2, 3, 1] },
];

describe('Unsqueeze', () => {
  it.each(CASES)('inserts axes $axes into [2, 3], giving $shape', async ({ axes, shape }) => {
    const input = randomInput('x', [2, 3], 1);
    const [y] = await runGraph((g, [x]) => g.unsqueeze(x!, axes), [input]);
    expect(compareTensors(y!, tensor(shape, input.data))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient for axes $axes', async ({ axes }) => {
    const result = await checkGradient((g, [x]) => g.unsqueeze(x!, axes), [randomInput('x', [2, 3], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('needs constant axes and rejects out-of-range ones', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 3]);
    expect(() => g.unsqueeze(x, [3])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('Unsqueeze') }));
  });
});
