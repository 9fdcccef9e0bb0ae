import { gradients } from '../autodiff/gradients.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, slice } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

// Open ends: any end past the dim is clamped; Number.MAX_SAFE_INTEGER is the builder's "to the end".
const END = Number.MAX_SAFE_INTEGER;
const CASES = [
  { name: 'a plain range', starts: [1], ends: [3], axes: [1] },
  { name: 'a negative start and an open end', starts: [-2], ends: [END], axes: [2] },
  { name: 'a negative end', starts: [0], ends: [-1], axes: [0] },
  { name: 'a negative axis', starts: [1], ends: [END], axes: [-1] },
  { name: 'several axes', starts: [1, -3, 0], ends: [END, -1, 2], axes: [0, 1, 2] },
  { name: 'default axes', starts: [0, 1], ends: [1, END], axes: undefined },
  { name: 'an end past the dim, clamped', starts: [2], ends: [100], axes: [1] },
];

describe('Slice', () => {
  it.each(CASES)('matches the reference for $name', async ({ starts, ends, axes }) => {
    const input = randomInput('x', [2, 4, 3], 1);
    const [y] = await runGraph((g, [x]) => g.slice(x!, starts, ends, axes), [input]);
    expect(compareTensors(y!, slice(input, starts, ends, axes))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient (zero-padded back) for $name', async ({ starts, ends, axes }) => {
    const result = await checkGradient((g, [x]) => g.slice(x!, starts, ends, axes), [randomInput('x', [2, 4, 3], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it.each([
    { name: 'step 2', starts: [0], ends: [END], axes: [1], steps: [2] },
    { name: 'a reversal (step -1)', starts: [-1], ends: [-END], axes: [1], steps: [-1] },
  ])('matches the reference forward for $name', async ({ starts, ends, axes, steps }) => {
    const input = randomInput('x', [2, 5], 3);
    const [y] = await runGraph((g, [x]) => g.slice(x!, starts, ends, axes, steps), [input]);
    expect(compareTensors(y!, slice(input, starts, ends, axes, steps))).toEqual([]);
  });

  it('refuses a gradient with non-unit steps (GRAPH_NO_GRADIENT)', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 5]);
    const loss = g.reduceSum(g.slice(x, [0], [END], [1], [2]), [], false);
    expect(() => gradients(g, loss, [x])).toThrow(expect.objectContaining({ code: 'GRAPH_NO_GRADIENT', message: expect.stringContaining('Slice') }));
  });

  it('infers shapes, keeping a named dim sliced from 0 to the end', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', ['batch', 10]);
    expect(g.slice(x, [0, -3], [END, END]).shape).toEqual(['batch', 3]);
    expect(g.slice(x, [1], [END], [0]).shape).toEqual(['?', 10]);
    expect(() => g.slice(x, [0], [1], [0], [0])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
