import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Log: natural logarithm. */
export const logOp = defineOp({
  opType: 'Log', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = dY / X
  gradient: { build: (g, { inputs: [x], outputGrads: [dy] }) => [g.div(dy!, x!)] },
});
