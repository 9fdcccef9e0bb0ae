import { gradients } from '../autodiff/gradients.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { compareTensors, intInput, randomInput, scatterND } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('ScatterND', () => {
  it.each([
    { name: 'rows, none', reduction: 'none' as const, indices: [2, 1], ids: [2, 0], updates: [2, 3] },
    { name: 'rows with repeats, add', reduction: 'add' as const, indices: [3, 1], ids: [1, 1, 3], updates: [3, 3] },
    { name: 'elements, add', reduction: 'add' as const, indices: [3, 2], ids: [0, 0, 3, 2, 0, 0], updates: [3] },
  ])('matches the reference for $name', async ({ reduction, indices, ids, updates }) => {
    const inputs = [randomInput('data', [4, 3], 1), intInput('indices', indices, ids), randomInput('updates', updates, 2)];
    const [y] = await runGraph((g, [data, index, values]) => g.scatterND(data!, index!, values!, reduction), inputs);
    expect(compareTensors(y!, scatterND(inputs[0]!, inputs[1]!, inputs[2]!, reduction))).toEqual([]);
  });

  it("is 'unsupported': asking for a gradient through it throws GRAPH_NO_GRADIENT naming the op", () => {
    const g = new GraphBuilder();
    const data = g.input('data', 'float32', [4, 3]);
    const updates = g.input('updates', 'float32', [2, 3]);
    const loss = g.reduceSum(g.scatterND(data, g.constant([[1], [2]].flat(), 'int64', [2, 1]), updates, 'add'), [], false);
    expect(() => gradients(g, loss, [updates])).toThrow(expect.objectContaining({ code: 'GRAPH_NO_GRADIENT', details: expect.objectContaining({ op: 'ScatterND' }) }));
    expect(() => gradients(g, loss, [data])).toThrow(expect.objectContaining({ code: 'GRAPH_NO_GRADIENT', message: expect.stringContaining('ScatterND') }));
  });
});
