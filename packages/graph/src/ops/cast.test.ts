import { gradients } from '../autodiff/gradients.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, intInput, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Cast', () => {
  it('casts float to int64 by truncation toward zero', async () => {
    const input = { name: 'x', shape: [5], data: [1.7, -1.7, 0.2, 2, -0.5] };
    const [y] = await runGraph((g, [x]) => g.cast(x!, 'int64'), [input]);
    expect(y!.dtype).toBe('int64');
    expect(compareTensors(y!, tensor([5], [1, -1, 0, 2, 0]), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('casts int64 and bool to float, and float32 to float64', async () => {
    const [fromInt, fromBool, wider] = await runGraph((g, [ids, flags, x]) => [g.cast(ids!, 'float32'), g.cast(flags!, 'float32'), g.cast(x!, 'float64')], [
      intInput('ids', [3], [-2, 0, 7]),
      { name: 'flags', shape: [3], data: [1, 0, 1], dtype: 'bool' },
      randomInput('x', [3], 1),
    ]);
    expect(compareTensors(fromInt!, tensor([3], [-2, 0, 7]))).toEqual([]);
    expect(compareTensors(fromBool!, tensor([3], [1, 0, 1]))).toEqual([]);
    expect(wider!.dtype).toBe('float64');
  });

  it('returns its input unchanged (no node) for a cast to the same dtype', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2]);
    expect(g.cast(x, 'float32')).toBe(x);
    expect(g.records).toHaveLength(0);
  });

  it('passes a float64 gradient back through float64 → float32', async () => {
    // The function is computed in float32, so STYLE.md's float32 tolerances apply.
    const result = await checkGradient((g, [x]) => g.mul(g.cast(x!, 'float32'), g.cast(x!, 'float32')), [randomInput('x', [2, 3], 2)], { epsilon: 1e-3, rtol: 1e-2, atol: 1e-3 });
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('gives the gradient in the input dtype, equal to the upstream gradient', async () => {
    const input = randomInput('x', [2, 3], 3);
    const [dx] = await runGraph((g, [x]) => {
      const loss = g.reduceSum(g.mul(g.cast(x!, 'float32'), g.constant([1, 2, 3], 'float32')), [], false);
      return gradients(g, loss, [x!])[0]!;
    }, [input], 'float64');
    expect(dx!.dtype).toBe('float64');
    expect(compareTensors(dx!, tensor([2, 3], [1, 2, 3, 1, 2, 3]), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('passes no gradient through a cast to an integer type', async () => {
    // y = x + float(int(x)): the integer branch is piecewise constant, so dy/dx = 1.
    const input = { name: 'x', shape: [4], data: [1.3, -0.6, 2.2, 0.4] };
    const result = await checkGradient((g, [x]) => g.add(x!, g.cast(g.cast(x!, 'int64'), x!.dtype)), [input]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    const [dx] = await runGraph((g, [x]) => gradients(g, g.reduceSum(g.cast(g.cast(x!, 'int64'), 'float32'), [], false), [x!])[0]!, [input]);
    expect(compareTensors(dx!, tensor([4], [0, 0, 0, 0]), { atol: 0, rtol: 0 })).toEqual([]);
  });
});
