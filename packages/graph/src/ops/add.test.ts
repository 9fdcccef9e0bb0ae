import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const SHAPES = [
  { a: [2, 3], b: [2, 3] },
  { a: [2, 3], b: [3] },
  { a: [2, 1, 3], b: [4, 1] },
  { a: [1], b: [2, 2] },
];

describe('Add', () => {
  it.each(SHAPES)('matches the reference for $a + $b', async ({ a, b }) => {
    const inputs = [randomInput('a', a, 1), randomInput('b', b, 2)];
    const [y] = await runGraph((g, [x, z]) => g.add(x!, z!), inputs);
    expect(compareTensors(y!, elementwise((p, q) => p + q, ...inputs))).toEqual([]);
  });

  it('adds a number as a scalar constant of the operand dtype', async () => {
    const input = randomInput('a', [3], 3);
    const [y] = await runGraph((g, [x]) => g.add(x!, 2.5), [input], 'float64');
    expect(y!.dtype).toBe('float64');
    expect(compareTensors(y!, elementwise((p) => p + 2.5, input))).toEqual([]);
  });

  it.each(SHAPES)('has a float64 gradient for $a + $b, reduced over broadcast axes', async ({ a, b }) => {
    const result = await checkGradient((g, [x, z]) => g.add(x!, z!), [randomInput('a', a, 1), randomInput('b', b, 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('throws GRAPH_SHAPE_MISMATCH naming the op and both shapes', () => {
    const g = new GraphBuilder();
    const a = g.input('a', 'float32', [2, 3]);
    const b = g.input('b', 'float32', [4]);
    expect(() => g.add(a, b)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringMatching(/^Add:.*\[2, 3\].*\[4\]/) }));
  });

  it('throws GRAPH_DTYPE_MISMATCH for mixed dtypes', () => {
    const g = new GraphBuilder();
    const a = g.input('a', 'float32', [2]);
    const b = g.input('b', 'float64', [2]);
    expect(() => g.add(a, b)).toThrow(expect.objectContaining({ code: 'GRAPH_DTYPE_MISMATCH' }));
  });
});
