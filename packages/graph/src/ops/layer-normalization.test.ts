import { GraphBuilder } from '../builder/graph-builder.js';
import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, layerNormalization, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';
import { layerNormalizationOp } from './layer-normalization.js';

const CASES = [
  { name: 'the last axis', x: [2, 3, 4], axis: -1, normalized: [4] },
  { name: 'the last two axes', x: [2, 3, 4], axis: 1, normalized: [3, 4] },
  { name: 'a rank-2 input', x: [3, 5], axis: -1, normalized: [5] },
];

describe('LayerNormalization', () => {
  describe.each(CASES)('over $name', ({ x: shape, axis, normalized }) => {
    // Gains away from 1 and biases away from 0, so neither gradient is a special case.
    const x = randomInput('x', shape, 1, { scale: 2 });
    const scale = randomInput('scale', normalized, 2, { offset: 1, scale: 0.5 });
    const bias = randomInput('bias', normalized, 3, { scale: 0.5 });

    it.each(['float32', 'float64'] as const)('matches the reference with and without bias in %s', async (dtype) => {
      const [withBias, withoutBias] = await runGraph((g, [input, gain, shift]) => [g.layerNormalization(input!, gain!, shift!, { axis }), g.layerNormalization(input!, gain!, undefined, { axis })], [x, scale, bias], dtype);
      expect(withBias!.dtype).toBe(dtype);
      expect(compareTensors(withBias!, layerNormalization(x, scale, bias, axis))).toEqual([]);
      expect(compareTensors(withoutBias!, layerNormalization(x, scale, undefined, axis))).toEqual([]);
    });

    it('has a float64 gradient with bias', async () => {
      const result = await checkGradient((g, [input, gain, shift]) => g.layerNormalization(input!, gain!, shift!, { axis }), [x, scale, bias]);
      expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    });

    it('has a float64 gradient without bias', async () => {
      const result = await checkGradient((g, [input, gain]) => g.layerNormalization(input!, gain!, undefined, { axis }), [x, scale]);
      expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
    });

    it('has a float32 gradient from the stashed Mean and InvStdDev', async () => {
      const result = await checkGradient((g, [input, gain, shift]) => g.layerNormalization(input!, gain!, shift!, { axis }), [x, scale, bias], { dtype: 'float32' });
      expect(result).toMatchObject({ ok: true, dtype: 'float32', failures: [] });
    });
  });

  it('infers float32 Mean and InvStdDev (stash_type 1) whatever the input dtype', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float64', ['batch', 3, 4]);
    const [y, mean, invStdDev] = g.apply(layerNormalizationOp, [x, g.input('scale', 'float64', [4])], { axis: -1 });
    expect(y).toMatchObject({ dtype: 'float64', shape: ['batch', 3, 4] });
    expect(mean).toMatchObject({ dtype: 'float32', shape: ['batch', 3, 1] });
    expect(invStdDev).toMatchObject({ dtype: 'float32', shape: ['batch', 3, 1] });
    expect(() => g.layerNormalization(x, g.input('s', 'float64', [4]), undefined, { axis: 3 })).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });
});
