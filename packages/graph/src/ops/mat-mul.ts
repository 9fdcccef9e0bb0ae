import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { ShapeMismatchError, broadcastShapes, formatShape, sameDim } from '../builder/shape.js';
import type { Value } from '../builder/value.js';

/** MatMul: numpy-style batched matrix product of operands of rank 2 or more. */
export const matMulOp = defineOp({
  opType: 'MatMul', domain: '', sinceOpset: 13,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs([a, b]) {
    if (a!.shape.length < 2 || b!.shape.length < 2) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `MatMul: inputs must have rank 2 or more, but got ranks ${a!.shape.length} and ${b!.shape.length}. Unsqueeze vectors first.`);
    }
    if (a!.dtype !== b!.dtype) throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `MatMul: 'a' is ${a!.dtype} but 'b' is ${b!.dtype}.`);
    const k = a!.shape.at(-1)!;
    const kb = b!.shape.at(-2)!;
    if (typeof k === 'number' && typeof kb === 'number' && k !== kb) {
      throw new ShapeMismatchError('MatMul', `the last dim of 'a' (${k}) must equal the second-to-last dim of 'b' (${kb}).`, `[..., M, ${k}] x [..., ${k}, N]`, `${formatShape(a!.shape)} x ${formatShape(b!.shape)}`);
    }
    const batch = broadcastShapes('MatMul', a!.shape.slice(0, -2), b!.shape.slice(0, -2));
    return [{ dtype: a!.dtype, shape: [...batch, a!.shape.at(-2)!, b!.shape.at(-1)!] }];
  },
  gradient: {
    build(g, { inputs: [a, b], outputGrads: [dy], needsGrad }) {
      // dA = dY · Bᵀ ; dB = Aᵀ · dY  (reduced over broadcast axes)
      const da = needsGrad[0] ? reduceToShape(g, g.matMul(dy!, g.transposeLast2(b!)), a!) : undefined;
      let db: Value | undefined;
      if (needsGrad[1]) {
        if (b!.shape.length === 2 && a!.shape.length > 2) {
          // A weight shared by every row: flatten the batch into one GEMM, [K, rows] · [rows, N].
          const k = a!.shape.at(-1)!;
          const n = dy!.shape.at(-1)!;
          const a2 = g.reshape(a!, [-1, asNumber(k)], ['?', k]);
          const dy2 = g.reshape(dy!, [-1, asNumber(n)], ['?', n]);
          db = g.gemm(a2, dy2, undefined, { transA: 1 });
        } else db = reduceToShape(g, g.matMul(g.transposeLast2(a!), dy!), b!);
        if (!b!.shape.every((dim, index) => sameDim(dim, db!.shape[index]!))) db = g.reshape(db, g.shape(b!), b!.shape);
      }
      return [da, db];
    },
  },
});

function asNumber(dim: number | string): number {
  if (typeof dim !== 'number') throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `MatMul gradient: the contracted dims must be static, but got '${dim}'.`);
  return dim;
}
