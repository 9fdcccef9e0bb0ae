import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Exp: `eˣ`. */
export const expOp = defineOp({
  opType: 'Exp', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = dY * Y
  gradient: { build: (g, { outputs: [y], outputGrads: [dy] }) => [g.mul(dy!, y!)] },
});
