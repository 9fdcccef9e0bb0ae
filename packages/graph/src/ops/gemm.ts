import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';

/** Gemm: `alpha · op(A) · op(B) + beta · C` for 2-D A and B, op = optional transpose. */
export const gemmOp = defineOp({
  opType: 'Gemm', domain: '', sinceOpset: 13,
  inputs: ['a', 'b', 'c'], optionalInputs: 1,
  attributes: { alpha: 'float', beta: 'float', transA: 'int', transB: 'int' },
  inferOutputs([a, b], { transA = 0, transB = 0 }) {
    if (a!.shape.length !== 2 || b!.shape.length !== 2) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `Gemm: 'a' and 'b' must be 2-D, but got ranks ${a!.shape.length} and ${b!.shape.length}. Use MatMul for batches.`);
    }
    const m = transA ? a!.shape[1]! : a!.shape[0]!;
    const n = transB ? b!.shape[0]! : b!.shape[1]!;
    return [{ dtype: a!.dtype, shape: [m, n] }];
  },
  gradient: {
    build(g, { inputs: [a, b, c], outputGrads: [dy], attributes: { alpha = 1, beta = 1, transA = 0, transB = 0 }, needsGrad }) {
      // Y = α·op(A)·op(B) + β·C. With G = dY:
      //   d op(A) = α·G·op(B)ᵀ ; d op(B) = α·op(A)ᵀ·G ; dC = β·G reduced to C's shape.
      let da;
      if (needsGrad[0]) {
        da = transA ? g.gemm(b!, dy!, undefined, { alpha, transA: transB, transB: 1 }) : g.gemm(dy!, b!, undefined, { alpha, transB: transB ? 0 : 1 });
      }
      let db;
      if (needsGrad[1]) {
        db = transB ? g.gemm(dy!, a!, undefined, { alpha, transA: 1, transB: transA }) : g.gemm(a!, dy!, undefined, { alpha, transA: transA ? 0 : 1 });
      }
      const dc = needsGrad[2] ? reduceToShape(g, beta === 1 ? dy! : g.mul(dy!, beta), c!) : undefined;
      return [da, db, dc];
    },
  },
});
