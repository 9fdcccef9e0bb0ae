import { gradients } from '../autodiff/gradients.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, gather, intInput, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { name: 'an embedding lookup', data: [5, 3], indices: [4], ids: [4, 0, 2, 0], axis: 0 },
  { name: '2-D indices with repeats', data: [4, 2], indices: [2, 3], ids: [1, 1, 3, 0, 1, 2], axis: 0 },
  { name: 'negative indices', data: [4, 3], indices: [3], ids: [-1, 0, -4], axis: 0 },
  { name: 'axis 1', data: [2, 4, 3], indices: [2], ids: [3, 1], axis: 1 },
  { name: 'a scalar index', data: [3, 2], indices: [], ids: [2], axis: 0 },
];

describe('Gather', () => {
  it.each(CASES)('matches the reference for $name', async ({ data, indices, ids, axis }) => {
    const inputs = [randomInput('data', data, 1), intInput('indices', indices, ids)];
    const [y] = await runGraph((g, [table, index]) => g.gather(table!, index!, axis), inputs);
    expect(compareTensors(y!, gather(inputs[0]!, inputs[1]!, axis))).toEqual([]);
  });

  it.each(CASES.filter((entry) => entry.axis === 0))('has a float64 gradient for $name, accumulating repeated rows', async ({ data, indices, ids }) => {
    const result = await checkGradient((g, [table, index]) => g.gather(table!, index!), [randomInput('data', data, 2), intInput('indices', indices, ids)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('sums the gradient of a row picked three times', async () => {
    // loss = Σ gather(table, [2, 0, 2, 2]) : row 2 gets 3, row 0 gets 1, the others 0.
    const [dTable] = await runGraph((g, [table, index]) => gradients(g, g.reduceSum(g.gather(table!, index!), [], false), [table!])[0]!, [randomInput('table', [3, 2], 3), intInput('indices', [4], [2, 0, 2, 2])]);
    expect(compareTensors(dTable!, tensor([3, 2], [1, 1, 0, 0, 3, 3]), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('takes int32 indices', async () => {
    const table = randomInput('table', [3, 2], 4);
    const [y] = await runGraph((g, [data, index]) => g.gather(data!, index!), [table, { name: 'indices', shape: [2], data: [2, 1], dtype: 'int32' }]);
    expect(compareTensors(y!, gather(table, tensor([2], [2, 1])))).toEqual([]);
  });

  it('refuses a gradient along an axis other than 0 with GRAPH_NO_GRADIENT', () => {
    const g = new GraphBuilder();
    const table = g.input('table', 'float32', [2, 4]);
    const loss = g.reduceSum(g.gather(table, g.constant([1], 'int64'), 1), [], false);
    expect(() => gradients(g, loss, [table])).toThrow(expect.objectContaining({ code: 'GRAPH_NO_GRADIENT', message: expect.stringContaining('Gather') }));
  });

  it('infers the shape and rejects float indices', () => {
    const g = new GraphBuilder();
    const table = g.input('table', 'float32', [100, 16]);
    expect(g.gather(table, g.input('ids', 'int64', ['batch', 'seq'])).shape).toEqual(['batch', 'seq', 16]);
    expect(() => g.gather(table, g.input('bad', 'float32', [2]))).toThrow(expect.objectContaining({ code: 'GRAPH_DTYPE_MISMATCH' }));
  });
});
