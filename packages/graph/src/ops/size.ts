import { defineOp } from '../builder/op-definition.js';

/** Size: the int64 number of elements of its input at run time. */
export const sizeOp = defineOp({
  opType: 'Size', domain: '', sinceOpset: 13,
  inputs: ['data'], attributes: {},
  inferOutputs: () => [{ dtype: 'int64', shape: [] }],
  gradient: 'none',
});
