import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Sigmoid: `1 / (1 + e⁻ˣ)`. */
export const sigmoidOp = defineOp({
  opType: 'Sigmoid', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = dY * Y * (1 - Y)
  gradient: { build: (g, { outputs: [y], outputGrads: [dy] }) => [g.mul(dy!, g.mul(y!, g.sub(1, y!)))] },
});
