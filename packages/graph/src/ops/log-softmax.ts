import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** LogSoftmax along `axis` (default -1). */
export const logSoftmaxOp = defineOp({
  opType: 'LogSoftmax', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: { axis: 'int' },
  inferOutputs: inferSame,
  gradient: {
    build(g, { outputs: [y], outputGrads: [dy], attributes: { axis = -1 } }) {
      // dX = dY − softmax(X) · Σ_axis dY, with softmax(X) = exp(Y)
      return [g.sub(dy!, g.mul(g.exp(y!), g.reduceSum(dy!, [axis], true)))];
    },
  },
});
