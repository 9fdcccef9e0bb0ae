import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Erf: the Gauss error function (exact GELU uses it). */
export const erfOp = defineOp({
  opType: 'Erf', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // dX = dY * 2/√π * e^(-X²)
  gradient: { build: (g, { inputs: [x], outputGrads: [dy] }) => [g.mul(dy!, g.mul(2 / Math.sqrt(Math.PI), g.exp(g.neg(g.mul(x!, x!)))))] },
});
