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
const reference = (p: number, q: number) => p / q;

describe('Div', () => {
  it.each(SHAPES)('matches the reference for $a and $b', async ({ a, b }) => {
    const inputs = [randomInput('a', a, 1), randomInput('b', b, 2, { offset: 1.5, scale: 0.5 })];
    const [y] = await runGraph((g, [x, z]) => g.div(x!, z!), inputs);
    expect(compareTensors(y!, elementwise(reference, ...inputs))).toEqual([]);
  });

  it.each(SHAPES)('has a float64 gradient for $a and $b, reduced over broadcast axes', async ({ a, b }) => {
    const result = await checkGradient((g, [x, z]) => g.div(x!, z!), [randomInput('a', a, 1), randomInput('b', b, 2, { offset: 1.5, scale: 0.5 })]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('has a gradient for one operand only when the other is constant', async () => {
    const result = await checkGradient((g, [x]) => g.div(x!, g.constant([0.5, -1.5, 2], 'float64', [3])), [randomInput('a', [2, 3], 3)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('throws GRAPH_SHAPE_MISMATCH naming the op and both shapes', () => {
    const g = new GraphBuilder();
    const a = g.input('a', 'float32', [2, 3]);
    const b = g.input('b', 'float32', [2]);
    expect(() => g.div(a, b)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringMatching(/^Div:.*\[2, 3\].*\[2\]/) }));
  });
});
