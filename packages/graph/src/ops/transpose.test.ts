import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, transpose } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const PERMS = [[0, 2, 1], [1, 0, 2], [2, 0, 1], [1, 2, 0], undefined];

describe('Transpose', () => {
  it.each(PERMS)('matches the reference for perm %j of a [2, 3, 4] tensor', async (perm) => {
    const input = randomInput('x', [2, 3, 4], 1);
    const [y] = await runGraph((g, [x]) => g.transpose(x!, perm), [input]);
    expect(compareTensors(y!, transpose(input, perm))).toEqual([]);
  });

  it.each(PERMS)('has a float64 gradient for perm %j (the inverse permutation)', async (perm) => {
    const result = await checkGradient((g, [x]) => g.transpose(x!, perm), [randomInput('x', [2, 3, 2], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('transposeLast2 swaps the last two axes', async () => {
    const input = randomInput('x', [2, 3, 4], 3);
    const [y] = await runGraph((g, [x]) => g.transposeLast2(x!), [input]);
    expect(compareTensors(y!, transpose(input, [0, 2, 1]))).toEqual([]);
  });

  it('throws GRAPH_SHAPE_MISMATCH for a perm that is not a permutation of the axes', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 3, 4]);
    expect(() => g.transpose(x, [0, 1])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('Transpose') }));
    expect(() => g.transpose(x, [0, 1, 1])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
