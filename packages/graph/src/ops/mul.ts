import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { inferBroadcast } from './shared/infer.js';

/** Mul: `a * b` with broadcasting. */
export const mulOp = defineOp({
  opType: 'Mul', domain: '', sinceOpset: 14,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs: (inputs) => inferBroadcast('Mul', ['a', 'b'], inputs),
  gradient: {
    build(g, { inputs: [a, b], outputGrads: [dy], needsGrad }) {
      // dA = dY * B ; dB = dY * A
      return [needsGrad[0] ? reduceToShape(g, g.mul(dy!, b!), a!) : undefined, needsGrad[1] ? reduceToShape(g, g.mul(dy!, a!), b!) : undefined];
    },
  },
});
