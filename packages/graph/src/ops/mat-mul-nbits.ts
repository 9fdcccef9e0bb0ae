import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import type { GraphBuilder } from '../builder/graph-builder.js';
import { formatShape } from '../builder/shape.js';
import type { Value } from '../builder/value.js';

/**
 * Key under which a MatMulNBits weight (input `b`) carries the form of its input gradient
 * (see {@link MatMulNBitsInputGradient}); set with `g.attach(b, MATMUL_N_BITS_INPUT_GRADIENT, rule)`.
 */
export const MATMUL_N_BITS_INPUT_GRADIENT = 'MatMulNBits/input-gradient';

/**
 * dA of `Y = A · dequantize(B)ᵀ` for an output gradient dY [..., N]: returns dY · dequantize(B)
 * [..., K]. Whoever quantized B knows which layout computes it fast and exactly (a transposed
 * copy, or B dequantized again for this step), so the rule travels with the weight.
 */
export type MatMulNBitsInputGradient = (g: GraphBuilder, dy: Value) => Value;

/**
 * onnxruntime's MatMulNBits (com.microsoft contrib op): Y = A · dequantize(B)ᵀ with B [N, K]
 * quantized in blocks of `block_size` along K to `bits` bits, stored [N, ⌈K/block⌉, block·bits/8]
 * (uint8, the first element in the low bits), `scales` [N·⌈K/block⌉] and optional `zero_points`
 * (default 2^(bits−1)). `accuracy_level` 4 quantizes A to int8 per block too and runs integer
 * dot products (MLAS SQNBitGemm).
 */
export const matMulNBitsOp = defineOp({
  opType: 'MatMulNBits', domain: 'com.microsoft', sinceOpset: 1,
  inputs: ['a', 'b', 'scales', 'zero_points', 'g_idx', 'bias'], optionalInputs: 4,
  attributes: { K: 'int', N: 'int', bits: 'int', block_size: 'int', accuracy_level: 'int' },
  inferOutputs([a, b], { K, N }) {
    if (a!.dtype !== 'float32') throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `MatMulNBits: 'a' must be float32, but got ${a!.dtype}.`);
    if (b!.dtype !== 'uint8') throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `MatMulNBits: 'b' must be uint8 (packed), but got ${b!.dtype}.`);
    const k = a!.shape.at(-1);
    if (typeof k === 'number' && k !== K) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `MatMulNBits: the last dim of 'a' ${formatShape(a!.shape)} must be K = ${K}.`, { details: { op: 'MatMulNBits', shape: a!.shape, K } });
    }
    return [{ dtype: 'float32', shape: [...a!.shape.slice(0, -1), N!] }];
  },
  gradient: {
    build(g, { inputs: [, b], outputGrads: [dy], needsGrad }) {
      if (needsGrad.slice(1).some(Boolean)) {
        throw new ToolkitError('GRAPH_NO_GRADIENT', 'MatMulNBits: only the activations (a) have a gradient; a quantized weight is frozen.');
      }
      const rule = g.attachment<MatMulNBitsInputGradient>(b!, MATMUL_N_BITS_INPUT_GRADIENT);
      if (rule === undefined) {
        throw new ToolkitError('GRAPH_NO_GRADIENT', `MatMulNBits: the weight '${b!.name}' carries no input-gradient rule (attach one under '${MATMUL_N_BITS_INPUT_GRADIENT}' where it is quantized).`, { details: { weight: b!.name } });
      }
      return [rule(g, dy!), undefined, undefined, undefined, undefined, undefined];
    },
  },
});
