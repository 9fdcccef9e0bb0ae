import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Tanh. */
export const tanhOp = defineOp({
  opType: 'Tanh', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = dY * (1 - Y²)
  gradient: { build: (g, { outputs: [y], outputGrads: [dy] }) => [g.mul(dy!, g.sub(1, g.mul(y!, y!)))] },
});
