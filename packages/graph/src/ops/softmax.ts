import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Softmax along `axis` (default -1). */
export const softmaxOp = defineOp({
  opType: 'Softmax', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: { axis: 'int' },
  inferOutputs: inferSame,
  gradient: {
    build(g, { outputs: [y], outputGrads: [dy], attributes: { axis = -1 } }) {
      // dX = Y ⊙ (dY − Σ_axis(dY ⊙ Y))
      return [g.mul(y!, g.sub(dy!, g.reduceSum(g.mul(dy!, y!), [axis], true)))];
    },
  },
});
