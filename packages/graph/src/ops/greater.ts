import { defineOp } from '../builder/op-definition.js';
import { inferBroadcast } from './shared/infer.js';

/** Greater: elementwise comparison with broadcasting, a bool result. */
export const greaterOp = defineOp({
  opType: 'Greater', domain: '', sinceOpset: 13,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs: (inputs) => inferBroadcast('Greater', ['a', 'b'], inputs).map((info) => ({ ...info, dtype: 'bool' as const })),
  // A comparison is piecewise constant: no gradient flows through it.
  gradient: 'none',
});
