import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { ShapeMismatchError, broadcastShapes, formatShape } from '../builder/shape.js';

/** Gemm: `alpha · op(A) · op(B) + beta · C` for 2-D A and B, op = optional transpose. */
export const gemmOp = defineOp({
  opType: 'Gemm', domain: '', sinceOpset: 13,
  inputs: ['a', 'b', 'c'], optionalInputs: 1,
  attributes: { alpha: 'float', beta: 'float', transA: 'int', transB: 'int' },
  inferOutputs([a, b, c], { transA = 0, transB = 0 }) {
    if (a!.shape.length !== 2 || b!.shape.length !== 2) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `Gemm: 'a' and 'b' must be 2-D, but got ranks ${a!.shape.length} and ${b!.shape.length}. Use MatMul for batches.`);
    }
    if (a!.dtype !== b!.dtype) throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `Gemm: 'a' is ${a!.dtype} but 'b' is ${b!.dtype}.`);
    const [m, ka] = transA ? [a!.shape[1]!, a!.shape[0]!] : [a!.shape[0]!, a!.shape[1]!];
    const [kb, n] = transB ? [b!.shape[1]!, b!.shape[0]!] : [b!.shape[0]!, b!.shape[1]!];
    if (typeof ka === 'number' && typeof kb === 'number' && ka !== kb) {
      throw new ShapeMismatchError('Gemm', `the inner dims of op(a) (${ka}) and op(b) (${kb}) must be equal (transA=${transA}, transB=${transB}).`, `[M, ${ka}] x [${ka}, N]`, `${formatShape(a!.shape)} x ${formatShape(b!.shape)}`);
    }
    // C broadcasts one way only, to [M, N].
    if (c && (c.shape.length > 2 || broadcastShapes('Gemm', [m, n], c.shape).some((dim, index) => typeof [m, n][index] === 'number' && dim !== [m, n][index]))) {
      throw new ShapeMismatchError('Gemm', `input 'c' must broadcast to the output [M, N].`, [m, n], c.shape);
    }
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
