import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Neg: `-x`. */
export const negOp = defineOp({
  opType: 'Neg', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  gradient: { build: (g, { outputGrads: [dy] }) => [g.neg(dy!)] },
});
