import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, gatherElements, intInput, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { name: 'target logits along the last axis', data: [3, 4], indices: [3, 1], ids: [2, 0, 3], axis: 1 },
  { name: 'one negative index per row', data: [3, 4], indices: [3, 1], ids: [-1, 0, -4], axis: 1 },
  { name: 'one index per column along axis 0', data: [3, 2], indices: [1, 2], ids: [2, -1], axis: 0 },
  { name: 'axis 0 with repeats', data: [3, 2], indices: [4, 2], ids: [0, 2, 0, 0, 1, 2, 0, 1], axis: 0 },
  { name: 'negative indices on axis -1', data: [2, 3], indices: [2, 2], ids: [-1, 0, -3, -1], axis: -1 },
  { name: 'a rank-3 tensor', data: [2, 3, 2], indices: [2, 2, 2], ids: [0, 1, 2, 2, 1, 0, 0, 0], axis: 1 },
];

describe('GatherElements', () => {
  it.each(CASES)('matches the reference for $name', async ({ data, indices, ids, axis }) => {
    const inputs = [randomInput('data', data, 1), intInput('indices', indices, ids)];
    const [y] = await runGraph((g, [values, index]) => g.gatherElements(values!, index!, axis), inputs);
    expect(compareTensors(y!, gatherElements(inputs[0]!, inputs[1]!, axis < 0 ? axis + data.length : axis))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient (scatter-added back) for $name', async ({ data, indices, ids, axis }) => {
    const result = await checkGradient((g, [values, index]) => g.gatherElements(values!, index!, axis), [randomInput('data', data, 2), intInput('indices', indices, ids)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('takes the shape of its indices and rejects an axis out of range', () => {
    const g = new GraphBuilder();
    const logits = g.input('logits', 'float32', ['batch', 50]);
    expect(g.gatherElements(logits, g.input('targets', 'int64', ['batch', 1]), 1).shape).toEqual(['batch', 1]);
    expect(() => g.gatherElements(logits, g.input('t', 'int64', ['batch', 1]), 2)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
