import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Sin. */
export const sinOp = defineOp({
  opType: 'Sin', domain: '', sinceOpset: 7,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = dY * cos(X)
  gradient: { build: (g, { inputs: [x], outputGrads: [dy] }) => [g.mul(dy!, g.cos(x!))] },
});
