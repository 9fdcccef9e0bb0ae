import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { broadcastShapes } from '../builder/shape.js';

/** Where: `condition ? x : y` elementwise with broadcasting (masks). */
export const whereOp = defineOp({
  opType: 'Where', domain: '', sinceOpset: 16,
  inputs: ['condition', 'x', 'y'], attributes: {},
  inferOutputs([condition, x, y]) {
    if (condition!.dtype !== 'bool') throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `Where: 'condition' must be bool, but got ${condition!.dtype}.`);
    if (x!.dtype !== y!.dtype) throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `Where: 'x' is ${x!.dtype} but 'y' is ${y!.dtype}.`);
    return [{ dtype: x!.dtype, shape: broadcastShapes('Where', condition!.shape, x!.shape, y!.shape) }];
  },
  gradient: {
    build(g, { inputs: [condition, x, y], outputGrads: [dy], needsGrad }) {
      // dX = dY where the condition holds, else 0; dY the other way round.
      const zero = g.constant(0, dy!.dtype, []);
      return [
        undefined,
        needsGrad[1] ? reduceToShape(g, g.where(condition!, dy!, zero), x!) : undefined,
        needsGrad[2] ? reduceToShape(g, g.where(condition!, zero, dy!), y!) : undefined,
      ];
    },
  },
});
