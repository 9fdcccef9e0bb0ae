import { defineOp } from '../builder/op-definition.js';
import { normalizeAxis, sameDim } from '../builder/shape.js';

/** GatherElements: `out[i][j] = data[index[i][j]][j]` along `axis` (picking target logits). */
export const gatherElementsOp = defineOp({
  opType: 'GatherElements', domain: '', sinceOpset: 13,
  inputs: ['data', 'indices'], attributes: { axis: 'int' },
  inferOutputs([data, indices], { axis = 0 }) {
    normalizeAxis(axis, data!.shape.length, 'GatherElements');
    return [{ dtype: data!.dtype, shape: indices!.shape }];
  },
  gradient: {
    build(g, { inputs: [data, indices], outputGrads: [dy], attributes: { axis = 0 } }) {
      const at = normalizeAxis(axis, data!.shape.length, 'GatherElements');
      const size = data!.shape[at];
      const onePerRow = indices!.shape[at] === 1 && typeof size === 'number' && data!.shape.every((dim, index) => index === at || sameDim(dim, indices!.shape[index]!));
      if (onePerRow) {
        // One index per row (a loss picking each row's target): dData = dY · [column = index].
        // Streaming passes (Equal, Cast, a broadcast Mul) instead of filling zeros and scattering
        // into them, or a broadcast Where: onnxruntime runs both element by element (seconds for
        // [1024, 50257] logits).
        const columns = g.constant(Array.from({ length: size }, (_v, index) => index), 'int64', data!.shape.map((_dim, index) => (index === at ? size : 1)));
        const index = g.cast(indices!, 'int64');
        // Negative indices count from the end, as in the forward op.
        const wrapped = g.where(g.less(index, g.constant(0, 'int64', [])), g.add(index, g.constant(size, 'int64', [])), index);
        const hit = g.equal(wrapped, columns);
        return [g.mul(g.cast(hit, dy!.dtype), dy!), undefined];
      }
      // dData = zeros with dY scattered-added back to the gathered positions
      const zeros = g.constantOfShape(g.shape(data!), 0, data!.dtype, data!.shape);
      return [g.scatterElements(zeros, indices!, dy!, axis, 'add'), undefined];
    },
  },
});
