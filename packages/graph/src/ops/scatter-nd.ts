import { defineOp } from '../builder/op-definition.js';

/** ScatterND: writes (or adds) `updates` at index tuples; used by Gather's gradient. */
export const scatterNdOp = defineOp({
  opType: 'ScatterND', domain: '', sinceOpset: 18,
  inputs: ['data', 'indices', 'updates'], attributes: { reduction: 'string' },
  inferOutputs: ([data]) => [{ dtype: data!.dtype, shape: data!.shape }],
  // Only ever emitted by gradients; a second derivative is not needed.
  gradient: 'unsupported',
});
