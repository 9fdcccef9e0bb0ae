import { defineOp } from '../builder/op-definition.js';

/** Shape: the int64 dims of its input at run time. */
export const shapeOp = defineOp({
  opType: 'Shape', domain: '', sinceOpset: 15,
  inputs: ['data'], attributes: {},
  inferOutputs: ([data]) => [{ dtype: 'int64', shape: [data!.shape.length] }],
  // The shape does not change when the values move a little: no gradient.
  gradient: 'none',
});
