import { defineOp } from '../builder/op-definition.js';
import { normalizeAxis } from '../builder/shape.js';

/** ScatterElements: writes (or with `reduction: 'add'`, adds) `updates` into `data` at `indices`. */
export const scatterElementsOp = defineOp({
  opType: 'ScatterElements', domain: '', sinceOpset: 18,
  inputs: ['data', 'indices', 'updates'], attributes: { axis: 'int', reduction: 'string' },
  inferOutputs([data], { axis = 0 }) {
    normalizeAxis(axis, data!.shape.length, 'ScatterElements');
    return [{ dtype: data!.dtype, shape: data!.shape }];
  },
  gradient: {
    build(g, { inputs: [, indices, updates], outputGrads: [dy], attributes: { axis = 0, reduction = 'none' }, needsGrad }) {
      // reduction none: overwritten positions of data get no gradient; updates get dY there.
      // reduction add: data passes dY through unchanged.
      let dData;
      if (needsGrad[0]) {
        dData = reduction === 'add' ? dy! : g.scatterElements(dy!, indices!, g.constantOfShape(g.shape(updates!), 0, updates!.dtype, updates!.shape), axis);
      }
      const dUpdates = needsGrad[2] ? g.gatherElements(dy!, indices!, axis) : undefined;
      return [dData, undefined, dUpdates];
    },
  },
});
