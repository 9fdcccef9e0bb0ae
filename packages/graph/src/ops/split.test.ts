import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, slice } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const END = Number.MAX_SAFE_INTEGER;

describe('Split', () => {
  it.each([
    { axis: 1, sizes: [1, 2, 1] },
    { axis: -1, sizes: [2, 1] },
    { axis: 0, sizes: [1, 1] },
  ])('splits [2, 4, 3] along axis $axis into $sizes', async ({ axis, sizes }) => {
    const input = randomInput('x', [2, 4, 3], 1);
    const parts = await runGraph((g, [x]) => g.split(x!, sizes, axis), [input]);
    let start = 0;
    parts.forEach((part, index) => {
      expect(compareTensors(part, slice(input, [start], [start + sizes[index]!], [axis]))).toEqual([]);
      start += sizes[index]!;
    });
    expect(parts).toHaveLength(sizes.length);
  });

  it('has a float64 gradient when every output is used', async () => {
    const result = await checkGradient((g, [x]) => {
      const [a, b, c] = g.split(x!, [1, 2, 1], 1);
      return g.concat([g.mul(c!, 2), a!, g.mul(b!, b!)], 1);
    }, [randomInput('x', [2, 4, 3], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it.each([[0], [1], [2]])('has a float64 gradient when only output %i is used (zeros for the others)', async (used) => {
    const result = await checkGradient((g, [x]) => g.split(x!, [1, 2, 1], 1)[used]!, [randomInput('x', [2, 4, 3], 3)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('has a float64 gradient when the outer outputs are used and the middle one is not', async () => {
    const result = await checkGradient((g, [x]) => {
      const [a, , c] = g.split(x!, [1, 2, 1], -1);
      return g.add(a!, c!);
    }, [randomInput('x', [3, 4], 4)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('splits by computed sizes with the output shapes given', async () => {
    const input = randomInput('x', [2, 5], 5);
    // A Concat of constants is computed at run time: the builder cannot read the sizes.
    const parts = await runGraph((g, [x]) => g.split(x!, g.concat([g.constant([2], 'int64'), g.constant([3], 'int64')], 0), 1, [[2, 2], [2, 3]]), [input]);
    expect(compareTensors(parts[0]!, slice(input, [0], [2], [1]))).toEqual([]);
    expect(compareTensors(parts[1]!, slice(input, [2], [END], [1]))).toEqual([]);
  });

  it('infers each part shape and rejects an axis out of range', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', ['batch', 6]);
    expect(g.split(x, [2, 4], 1).map((part) => part.shape)).toEqual([['batch', 2], ['batch', 4]]);
    expect(() => g.split(x, [2, 4], 2)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
    expect(() => g.split(g.input('y', 'float32', [2, 6]), [2, 3], 1)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringMatching(/^Split:.*\[2, 6\]/) }));
  });
});
