import { defineOp } from '../builder/op-definition.js';
import { unknownDim } from './shared/infer.js';

/** Range: `start, start + delta, ...` below `limit` (position ids). */
export const rangeOp = defineOp({
  opType: 'Range', domain: '', sinceOpset: 11,
  inputs: ['start', 'limit', 'delta'], attributes: {},
  inferOutputs: ([start]) => [{ dtype: start!.dtype, shape: [unknownDim()] }],
  gradient: 'none',
});
