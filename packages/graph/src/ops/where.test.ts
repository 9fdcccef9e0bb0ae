import { GraphBuilder } from '../builder/graph-builder.js';
import type { CheckInput } from '../testing/check-gradient.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const pick = (condition: number, x: number, y: number) => (condition ? x : y);
const mask = (name: string, shape: number[], data: number[]): CheckInput & { data: number[] } => ({ name, shape, data, dtype: 'bool' });

describe('Where', () => {
  it.each([
    { condition: [2, 3], x: [2, 3], y: [2, 3], bits: [1, 0, 1, 0, 0, 1] },
    { condition: [3], x: [2, 3], y: [2, 1], bits: [1, 0, 1] },
    { condition: [2, 1, 3], x: [4, 1], y: [3], bits: [0, 1, 1, 1, 0, 0] },
  ])('selects with a broadcast bool mask $condition from $x and $y', async ({ condition, x, y, bits }) => {
    const inputs = [mask('c', condition, bits), randomInput('x', x, 1), randomInput('y', y, 2)];
    const [out] = await runGraph((g, [c, a, b]) => g.where(c!, a!, b!), inputs);
    expect(compareTensors(out!, elementwise(pick, ...inputs))).toEqual([]);
    const result = await checkGradient((g, [c, a, b]) => g.where(c!, a!, b!), inputs);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('takes a number for either branch (a ReLU)', async () => {
    const input = randomInput('x', [2, 3], 3);
    const [out] = await runGraph((g, [x]) => g.where(g.greater(x!, 0), x!, 0), [input]);
    expect(compareTensors(out!, elementwise((v) => Math.max(v, 0), input))).toEqual([]);
    const result = await checkGradient((g, [x]) => g.where(g.greater(x!, 0), x!, 0), [input]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    const [masked] = await runGraph((g, [x]) => g.where(g.less(x!, 0), -1e9, x!), [input]);
    expect(compareTensors(masked!, elementwise((v) => (v < 0 ? -1e9 : v), input))).toEqual([]);
  });

  it('rejects a non-bool condition and mixed branch dtypes with GRAPH_DTYPE_MISMATCH', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2]);
    expect(() => g.where(x, x, x)).toThrow(expect.objectContaining({ code: 'GRAPH_DTYPE_MISMATCH' }));
    const c = g.input('c', 'bool', [2]);
    expect(() => g.where(c, x, g.input('y', 'float64', [2]))).toThrow(expect.objectContaining({ code: 'GRAPH_DTYPE_MISMATCH' }));
    expect(() => g.where(c, x, g.input('z', 'float32', [3]))).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
