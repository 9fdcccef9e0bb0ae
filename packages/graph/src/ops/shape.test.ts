import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Shape', () => {
  it('returns the int64 dims of its input', async () => {
    const [y] = await runGraph((g, [x]) => g.shape(x!), [randomInput('x', [2, 3, 4], 1)]);
    expect(y!.dtype).toBe('int64');
    expect(compareTensors(y!, tensor([3], [2, 3, 4]), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('infers an int64 vector of the input rank, named dims included', () => {
    const g = new GraphBuilder();
    expect(g.shape(g.input('x', 'float32', ['batch', 'seq', 8]))).toMatchObject({ dtype: 'int64', shape: [3] });
  });

  it('declares no gradient: only the other use of x contributes', async () => {
    // y = x · (number of rows of x): dy/dx = 2 everywhere.
    const input = randomInput('x', [2, 3], 2);
    const build = (g: GraphBuilder, x: Parameters<GraphBuilder['shape']>[0]) => g.mul(x, g.cast(g.slice(g.shape(x), [0], [1]), x.dtype));
    const [y] = await runGraph((g, [x]) => build(g, x!), [input]);
    expect(compareTensors(y!, elementwise((v) => 2 * v, input))).toEqual([]);
    const result = await checkGradient((g, [x]) => build(g, x!), [input]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});
