import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, concat, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { axis: 0, shapes: [[1, 3], [2, 3], [3, 3]] },
  { axis: 1, shapes: [[2, 1, 2], [2, 3, 2]] },
  { axis: -1, shapes: [[2, 3, 1], [2, 3, 2], [2, 3, 1]] },
];

describe('Concat', () => {
  it.each(CASES)('matches the reference along axis $axis of $shapes', async ({ axis, shapes }) => {
    const inputs = shapes.map((shape, index) => randomInput(`x${index}`, shape, index + 1));
    const [y] = await runGraph((g, values) => g.concat(values, axis), inputs);
    expect(compareTensors(y!, concat(inputs, axis))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient for every input along axis $axis', async ({ axis, shapes }) => {
    const result = await checkGradient((g, values) => g.concat(values, axis), shapes.map((shape, index) => randomInput(`x${index}`, shape, index + 1)));
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('gives a constant input no gradient and the same input twice a summed one', async () => {
    const result = await checkGradient((g, [x]) => g.concat([x!, g.constant([1, 2, 3], 'float64', [1, 3]), x!], 0), [randomInput('x', [2, 3], 4)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('infers the joined size and rejects a rank or dtype mismatch with GRAPH_SHAPE_MISMATCH', () => {
    const g = new GraphBuilder();
    expect(g.concat([g.input('a', 'float32', ['batch', 2]), g.input('b', 'float32', ['batch', 3])], 1).shape).toEqual(['batch', 5]);
    expect(() => g.concat([g.input('c', 'float32', [2, 2]), g.input('d', 'float32', [2])], 0)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('Concat') }));
  });
});
