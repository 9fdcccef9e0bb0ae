import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { broadcastShapes } from '../builder/shape.js';
import { constantInts, unknownDim } from './shared/infer.js';

/** Expand: broadcasts `input` to the int64 `shape` (constant or computed). */
export const expandOp = defineOp({
  opType: 'Expand', domain: '', sinceOpset: 13,
  inputs: ['input', 'shape'], attributes: {},
  inferOutputs([input, shapeValue]) {
    const target = constantInts(shapeValue);
    const shape = target ?? new Array(Number(shapeValue!.shape[0] ?? input!.shape.length)).fill(unknownDim());
    return [{ dtype: input!.dtype, shape: broadcastShapes('Expand', input!.shape, shape) }];
  },
  gradient: {
    // dX = dY summed over the broadcast axes
    build: (g, { inputs: [input], outputGrads: [dy] }) => [reduceToShape(g, dy!, input!), undefined],
  },
});
