import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Sqrt: `√x`. */
export const sqrtOp = defineOp({
  opType: 'Sqrt', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = dY / (2 Y)
  gradient: { build: (g, { outputs: [y], outputGrads: [dy] }) => [g.div(g.mul(dy!, 0.5), y!)] },
});
