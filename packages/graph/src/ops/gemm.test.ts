import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, gemm, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

// Y [3, 2] = alpha · op(A) · op(B) + beta · C with op(A) [3, 4] and op(B) [4, 2].
const COMBINATIONS = [
  { transA: 0, transB: 0, a: [3, 4], b: [4, 2] },
  { transA: 1, transB: 0, a: [4, 3], b: [4, 2] },
  { transA: 0, transB: 1, a: [3, 4], b: [2, 4] },
  { transA: 1, transB: 1, a: [4, 3], b: [2, 4] },
];
const BIASES = [[2], [3, 2], [3, 1], [1]];

describe('Gemm', () => {
  describe.each(COMBINATIONS)('transA=$transA transB=$transB', ({ transA, transB, a, b }) => {
    it.each(BIASES)('matches the reference with alpha, beta and a C bias of shape %j', async (...c) => {
      const options = { alpha: 0.5, beta: 2, transA, transB };
      const inputs = [randomInput('a', a, 1), randomInput('b', b, 2), randomInput('c', c, 3)];
      const [y] = await runGraph((g, [x, w, bias]) => g.gemm(x!, w!, bias!, options), inputs);
      expect(compareTensors(y!, gemm(inputs[0]!, inputs[1]!, inputs[2]!, options))).toEqual([]);
    });

    it('matches the reference without C', async () => {
      const inputs = [randomInput('a', a, 1), randomInput('b', b, 2)];
      const [y] = await runGraph((g, [x, w]) => g.gemm(x!, w!, undefined, { transA, transB }), inputs);
      expect(compareTensors(y!, gemm(inputs[0]!, inputs[1]!, undefined, { transA, transB }))).toEqual([]);
    });

    it('has a float64 gradient for A, B and a broadcast C bias, with alpha and beta', async () => {
      const options = { alpha: 0.5, beta: 2, transA, transB };
      const result = await checkGradient((g, [x, w, bias]) => g.gemm(x!, w!, bias!, options), [randomInput('a', a, 1), randomInput('b', b, 2), randomInput('c', [2], 3)]);
      expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    });

    it('has a float64 gradient with the default alpha and beta and a full C', async () => {
      const result = await checkGradient((g, [x, w, bias]) => g.gemm(x!, w!, bias!, { transA, transB }), [randomInput('a', a, 4), randomInput('b', b, 5), randomInput('c', [3, 2], 6)]);
      expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    });
  });

  it('throws GRAPH_SHAPE_MISMATCH for operands that are not 2-D', () => {
    const g = new GraphBuilder();
    expect(() => g.gemm(g.input('a', 'float32', [2, 3, 4]), g.input('b', 'float32', [4, 2]))).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringContaining('Gemm') }));
  });

  it('throws GRAPH_SHAPE_MISMATCH naming both shapes when the inner dims differ', () => {
    const g = new GraphBuilder();
    const a = g.input('a', 'float32', [3, 4]);
    const b = g.input('b', 'float32', [5, 2]);
    expect(() => g.gemm(a, b)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH', message: expect.stringMatching(/^Gemm:.*\[3, 4\].*\[5, 2\]/) }));
    expect(g.gemm(a, g.input('bt', 'float32', [5, 4]), undefined, { transB: 1 }).shape).toEqual([3, 5]);
    expect(() => g.gemm(a, g.input('b2', 'float32', [4, 2]), g.input('c', 'float32', [4]))).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
