import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Reciprocal: `1 / x`. */
export const reciprocalOp = defineOp({
  opType: 'Reciprocal', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = -dY * Y²
  gradient: { build: (g, { outputs: [y], outputGrads: [dy] }) => [g.neg(g.mul(dy!, g.mul(y!, y!)))] },
});
