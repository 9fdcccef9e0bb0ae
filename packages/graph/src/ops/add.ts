import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { inferBroadcast } from './shared/infer.js';

/** Add: `a + b` with broadcasting. */
export const addOp = defineOp({
  opType: 'Add', domain: '', sinceOpset: 14,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs: (inputs) => inferBroadcast('Add', ['a', 'b'], inputs),
  gradient: {
    build(g, { inputs: [a, b], outputGrads: [dy], needsGrad }) {
      return [needsGrad[0] ? reduceToShape(g, dy!, a!) : undefined, needsGrad[1] ? reduceToShape(g, dy!, b!) : undefined];
    },
  },
});
