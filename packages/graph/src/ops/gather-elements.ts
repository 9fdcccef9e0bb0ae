import { defineOp } from '../builder/op-definition.js';
import { normalizeAxis } from '../builder/shape.js';

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
      // dData = zeros with dY scattered-added back to the gathered positions
      const zeros = g.constantOfShape(g.shape(data!), 0, data!.dtype, data!.shape);
      return [g.scatterElements(zeros, indices!, dy!, axis, 'add'), undefined];
    },
  },
});
