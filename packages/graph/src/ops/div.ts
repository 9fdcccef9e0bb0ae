import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { inferBroadcast } from './shared/infer.js';

/** Div: `a / b` with broadcasting. */
export const divOp = defineOp({
  opType: 'Div', domain: '', sinceOpset: 14,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs: (inputs) => inferBroadcast('Div', ['a', 'b'], inputs),
  gradient: {
    build(g, { inputs: [a, b], outputs: [y], outputGrads: [dy], needsGrad }) {
      // dA = dY / B ; dB = -dY * Y / B  (Y = A / B)
      const da = needsGrad[0] ? reduceToShape(g, g.div(dy!, b!), a!) : undefined;
      const db = needsGrad[1] ? reduceToShape(g, g.neg(g.div(g.mul(dy!, y!), b!)), b!) : undefined;
      return [da, db];
    },
  },
});
