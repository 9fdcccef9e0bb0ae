import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('ConstantOfShape', () => {
  it.each([
    { dtype: 'float32' as const, value: 2.5 },
    { dtype: 'float64' as const, value: -1 },
    { dtype: 'int64' as const, value: 7 },
    { dtype: 'bool' as const, value: 1 },
  ])('fills a computed shape with $value as $dtype', async ({ dtype, value }) => {
    const [y] = await runGraph((g, [x]) => g.constantOfShape(g.shape(x!), value, dtype, [2, 3]), [randomInput('x', [2, 3], 1)]);
    expect(y!.dtype).toBe(dtype);
    expect(compareTensors(y!, tensor([2, 3], new Array<number>(6).fill(value)), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('infers the shape from a constant shape input', () => {
    const g = new GraphBuilder();
    expect(g.constantOfShape(g.constant([4, 2], 'int64'), 0).shape).toEqual([4, 2]);
    expect(g.constantOfShape(g.shape(g.input('x', 'float32', ['batch', 3])), 0).shape).toEqual(['?', '?']);
    expect(() => g.constantOfShape(g.constant([2], 'int64'), 0, 'float16')).toThrow(expect.objectContaining({ code: 'GRAPH_DTYPE_MISMATCH' }));
  });

  it('declares no gradient: x + zeros(shape(x)) has the gradient 1', async () => {
    const input = randomInput('x', [2, 3], 2);
    const build = (g: GraphBuilder, x: ReturnType<GraphBuilder['input']>) => g.add(x, g.constantOfShape(g.shape(x), 0.5, x.dtype, x.shape));
    const [y] = await runGraph((g, [x]) => build(g, x!), [input]);
    expect(compareTensors(y!, elementwise((v) => v + 0.5, input))).toEqual([]);
    const result = await checkGradient((g, [x]) => build(g, x!), [input]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});
