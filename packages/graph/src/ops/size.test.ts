import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Size', () => {
  it('returns the int64 number of elements as a scalar', async () => {
    const [y] = await runGraph((g, [x]) => g.size(x!), [randomInput('x', [2, 3, 4], 1)]);
    expect(y!.dtype).toBe('int64');
    expect(compareTensors(y!, tensor([], [24]), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('infers an int64 scalar', () => {
    const g = new GraphBuilder();
    expect(g.size(g.input('x', 'float32', ['batch', 8]))).toMatchObject({ dtype: 'int64', shape: [] });
  });

  it('declares no gradient: x / size(x) has the gradient 1 / size', async () => {
    const input = randomInput('x', [2, 3], 2);
    const [y] = await runGraph((g, [x]) => g.div(x!, g.cast(g.size(x!), x!.dtype)), [input]);
    expect(compareTensors(y!, elementwise((v) => v / 6, input))).toEqual([]);
    const result = await checkGradient((g, [x]) => g.div(x!, g.cast(g.size(x!), x!.dtype)), [input]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});
