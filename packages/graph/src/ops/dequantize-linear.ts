import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';

/**
 * DequantizeLinear (opset 21): y = (x − zero_point) · scale, per tensor, per `axis`, or in blocks
 * of `block_size` along `axis` (scale and zero_point then have x's shape with that axis divided
 * by the block size). x is an integer type (int8, uint8, int4, uint4); y is float32. Frozen
 * weights only: no gradient flows to an integer tensor.
 */
export const dequantizeLinearOp = defineOp({
  opType: 'DequantizeLinear', domain: '', sinceOpset: 21,
  inputs: ['x', 'x_scale', 'x_zero_point'], optionalInputs: 1,
  attributes: { axis: 'int', block_size: 'int' },
  inferOutputs([x, scale]) {
    if (!['int8', 'uint8', 'int4', 'uint4', 'int32'].includes(x!.dtype)) {
      throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `DequantizeLinear: 'x' must be an integer type, but got ${x!.dtype}.`);
    }
    return [{ dtype: scale!.dtype, shape: x!.shape }];
  },
  gradient: 'none',
});
