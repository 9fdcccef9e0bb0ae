import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Cos. */
export const cosOp = defineOp({
  opType: 'Cos', domain: '', sinceOpset: 7,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = -dY * sin(X)
  gradient: { build: (g, { inputs: [x], outputGrads: [dy] }) => [g.neg(g.mul(dy!, g.sin(x!)))] },
});
