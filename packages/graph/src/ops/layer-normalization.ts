import { defineOp } from '../builder/op-definition.js';
import { normalizeAxis } from '../builder/shape.js';

/**
 * LayerNormalization (opset 17) over the axes from `axis` to the end, with scale and optional
 * bias. Always emits its Mean and InvStdDev outputs: the gradient reuses them. Their dtype is the
 * `stash_type` (1, float32, the only one onnxruntime's CPU kernels take), whatever `x`'s dtype.
 */
export const layerNormalizationOp = defineOp({
  opType: 'LayerNormalization', domain: '', sinceOpset: 17,
  inputs: ['x', 'scale', 'bias'], optionalInputs: 1, attributes: { axis: 'int', epsilon: 'float', stash_type: 'int' },
  inferOutputs([x], { axis = -1, stash_type = 1 }) {
    const at = normalizeAxis(axis, x!.shape.length, 'LayerNormalization');
    const statsShape = x!.shape.map((dim, index) => (index < at ? dim : 1));
    const statsDtype = stash_type === 1 ? 'float32' : x!.dtype;
    return [
      { dtype: x!.dtype, shape: x!.shape },
      { dtype: statsDtype, shape: statsShape },
      { dtype: statsDtype, shape: statsShape },
    ];
  },
  gradient: {
    build(g, { inputs: [x, scale, bias], outputs: [, mean, invStd], outputGrads: [dy], attributes: { axis = -1, epsilon = 1e-5 }, needsGrad }) {
      // x̂ = (x − μ)·σ⁻¹ ; y = x̂·γ + β. Over the normalised axes N:
      //   dγ = Σ_batch dy·x̂ ; dβ = Σ_batch dy
      //   dx = σ⁻¹·(dx̂ − mean_N(dx̂) − x̂·mean_N(dx̂·x̂)),  dx̂ = dy·γ
      const at = normalizeAxis(axis, x!.shape.length, 'LayerNormalization');
      const normAxes = x!.shape.map((_dim, index) => index).filter((index) => index >= at);
      const batchAxes = x!.shape.map((_dim, index) => index).filter((index) => index < at);
      // The stashed statistics are float32; a float64 graph recomputes them so that its gradient
      // keeps double precision, other dtypes cast them.
      let centered;
      let inverse;
      if (x!.dtype === 'float64') {
        centered = g.sub(x!, g.reduceMean(x!, normAxes, true));
        inverse = g.reciprocal(g.sqrt(g.add(g.reduceMean(g.mul(centered, centered), normAxes, true), epsilon)));
      } else {
        centered = g.sub(x!, g.cast(mean!, x!.dtype));
        inverse = g.cast(invStd!, x!.dtype);
      }
      const xHat = g.mul(centered, inverse);
      let dx;
      if (needsGrad[0]) {
        const dxHat = g.mul(dy!, scale!);
        const term = g.add(g.reduceMean(dxHat, normAxes, true), g.mul(xHat, g.reduceMean(g.mul(dxHat, xHat), normAxes, true)));
        dx = g.mul(inverse, g.sub(dxHat, term));
      }
      const sumBatch = (value: typeof dy) => (batchAxes.length ? g.reduceSum(value!, batchAxes, false) : value!);
      const dScale = needsGrad[1] ? sumBatch(g.mul(dy!, xHat)) : undefined;
      const dBias = bias && needsGrad[2] ? sumBatch(dy) : undefined;
      return [dx, dScale, dBias];
    },
  },
});
