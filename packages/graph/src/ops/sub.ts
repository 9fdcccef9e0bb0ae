import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { inferBroadcast } from './shared/infer.js';

/** Sub: `a - b` with broadcasting. */
export const subOp = defineOp({
  opType: 'Sub', domain: '', sinceOpset: 14,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs: (inputs) => inferBroadcast('Sub', ['a', 'b'], inputs),
  gradient: {
    build(g, { inputs: [a, b], outputGrads: [dy], needsGrad }) {
      return [needsGrad[0] ? reduceToShape(g, dy!, a!) : undefined, needsGrad[1] ? reduceToShape(g, g.neg(dy!), b!) : undefined];
    },
  },
});
