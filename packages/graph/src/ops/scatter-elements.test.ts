import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, intInput, randomInput, scatterElements } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  // Unique indices for 'none': with repeats the written value depends on the order.
  { name: 'none along axis 0', reduction: 'none' as const, data: [3, 3], indices: [2, 3], ids: [1, 0, 2, 0, 2, 1], axis: 0 },
  { name: 'none along axis 1', reduction: 'none' as const, data: [2, 4], indices: [2, 2], ids: [3, 0, -1, 1], axis: 1 },
  { name: 'add with repeats along axis 0', reduction: 'add' as const, data: [3, 2], indices: [3, 2], ids: [1, 0, 1, 1, 1, 2], axis: 0 },
  { name: 'add with repeats along axis -1', reduction: 'add' as const, data: [2, 3], indices: [2, 3], ids: [0, 0, 2, 1, 1, 1], axis: -1 },
];

describe('ScatterElements', () => {
  it.each(CASES)('matches the reference for $name', async ({ reduction, data, indices, ids, axis }) => {
    const inputs = [randomInput('data', data, 1), intInput('indices', indices, ids), randomInput('updates', indices, 2)];
    const [y] = await runGraph((g, [values, index, updates]) => g.scatterElements(values!, index!, updates!, axis, reduction), inputs);
    expect(compareTensors(y!, scatterElements(inputs[0]!, inputs[1]!, inputs[2]!, axis < 0 ? axis + data.length : axis, reduction))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient for data and updates for $name', async ({ reduction, data, indices, ids, axis }) => {
    const result = await checkGradient((g, [values, index, updates]) => g.scatterElements(values!, index!, updates!, axis, reduction), [randomInput('data', data, 3), intInput('indices', indices, ids), randomInput('updates', indices, 4)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('keeps the shape of data', () => {
    const g = new GraphBuilder();
    const data = g.input('data', 'float32', ['batch', 8]);
    expect(g.scatterElements(data, g.input('i', 'int64', ['batch', 2]), g.input('u', 'float32', ['batch', 2]), 1, 'add').shape).toEqual(['batch', 8]);
    expect(() => g.scatterElements(data, g.input('j', 'int64', [1, 1]), g.input('v', 'float32', [1, 1]), 2)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
