import { defineOp } from '../builder/op-definition.js';
import { inferBroadcast } from './shared/infer.js';

/** Less: elementwise comparison with broadcasting, a bool result. */
export const lessOp = defineOp({
  opType: 'Less', domain: '', sinceOpset: 13,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs: (inputs) => inferBroadcast('Less', ['a', 'b'], inputs).map((info) => ({ ...info, dtype: 'bool' as const })),
  // A comparison is piecewise constant: no gradient flows through it.
  gradient: 'none',
});
