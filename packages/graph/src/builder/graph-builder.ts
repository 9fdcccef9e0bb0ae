import { ToolkitError } from '@causal-tune/core';
import { DataType, type DType, toTypedArray } from './dtype.js';
import { GraphCore } from './graph-core.js';
import { STOP_GRADIENT } from './stop-gradient.js';
import type { Shape } from './shape.js';
import type { Value } from './value.js';
import * as ops from '../ops/index.js';

/** A value, or a number that becomes a scalar constant of the other operand's dtype. */
export type Operand = Value | number;

/** Options of {@link GraphBuilder.layerNormalization}. */
export interface LayerNormalizationOptions {
  readonly axis?: number;
  readonly epsilon?: number;
}

/** Attributes of {@link GraphBuilder.matMulNBits} (onnxruntime's names). */
export interface MatMulNBitsAttributes {
  readonly K: number;
  readonly N: number;
  readonly bits: number;
  readonly block_size: number;
  /** 0: float compute; 4: int8 compute (quantized activations, integer dot products). */
  readonly accuracy_level?: number;
}

/** Options of {@link GraphBuilder.gemm}. */
export interface GemmOptions {
  readonly alpha?: number;
  readonly beta?: number;
  readonly transA?: number;
  readonly transB?: number;
}

/**
 * The typed graph builder: one camelCase method per ONNX op (`g.matMul`), each recording a
 * node with inferred dtype and shape. Gradients are written with these same methods, so they
 * are ONNX by construction.
 *
 * @example
 * const g = new GraphBuilder({ name: 'mlp' });
 * const x = g.input('x', 'float32', ['batch', 4]);
 * const w = g.input('w', 'float32', [4, 2]);
 * const loss = g.reduceMean(g.mul(g.matMul(x, w), g.matMul(x, w)), [], false);
 * const [dw] = gradients(g, loss, [w]);
 * g.output(loss, 'loss');
 * g.output(dw!);
 */
export class GraphBuilder extends GraphCore {
  // Elementwise arithmetic
  add(a: Operand, b: Operand): Value {
    return this.#binary(ops.addOp, a, b);
  }
  sub(a: Operand, b: Operand): Value {
    return this.#binary(ops.subOp, a, b);
  }
  mul(a: Operand, b: Operand): Value {
    return this.#binary(ops.mulOp, a, b);
  }
  div(a: Operand, b: Operand): Value {
    return this.#binary(ops.divOp, a, b);
  }
  pow(a: Operand, b: Operand): Value {
    return this.#binary(ops.powOp, a, b);
  }
  neg(x: Value): Value {
    return this.#one(ops.negOp, [x]);
  }
  sqrt(x: Value): Value {
    return this.#one(ops.sqrtOp, [x]);
  }
  reciprocal(x: Value): Value {
    return this.#one(ops.reciprocalOp, [x]);
  }
  exp(x: Value): Value {
    return this.#one(ops.expOp, [x]);
  }
  log(x: Value): Value {
    return this.#one(ops.logOp, [x]);
  }
  tanh(x: Value): Value {
    return this.#one(ops.tanhOp, [x]);
  }
  sigmoid(x: Value): Value {
    return this.#one(ops.sigmoidOp, [x]);
  }
  erf(x: Value): Value {
    return this.#one(ops.erfOp, [x]);
  }
  cos(x: Value): Value {
    return this.#one(ops.cosOp, [x]);
  }
  sin(x: Value): Value {
    return this.#one(ops.sinOp, [x]);
  }
  /** Identity, optionally naming its output (graph outputs, gradient names). */
  identity(x: Value, name?: string): Value {
    return this.apply(ops.identityOp, [x], {}, name === undefined ? {} : { outputNames: [name] })[0]!;
  }
  /**
   * `x` itself, through which `gradients` passes nothing back: the value is a constant to the
   * backward pass (PyTorch's `detach`). DoRA's weight norm is one (PEFT detaches it), so no
   * gradient node reads the frozen weight behind it.
   */
  stopGradient(x: Value): Value {
    const y = this.identity(x);
    this.attach(y, STOP_GRADIENT, true);
    return y;
  }

  // Comparisons and selection
  equal(a: Operand, b: Operand): Value {
    return this.#binary(ops.equalOp, a, b);
  }
  less(a: Operand, b: Operand): Value {
    return this.#binary(ops.lessOp, a, b);
  }
  greater(a: Operand, b: Operand): Value {
    return this.#binary(ops.greaterOp, a, b);
  }
  where(condition: Value, x: Operand, y: Operand): Value {
    const like = typeof x === 'number' ? (y as Value) : x;
    return this.#one(ops.whereOp, [condition, this.#operand(x, like), this.#operand(y, like)]);
  }

  // Linear algebra
  matMul(a: Value, b: Value): Value {
    return this.#one(ops.matMulOp, [a, b]);
  }
  gemm(a: Value, b: Value, c?: Value, options: GemmOptions = {}): Value {
    const attributes = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    return this.apply(ops.gemmOp, c === undefined ? [a, b] : [a, b, c], attributes)[0]!;
  }

  // Reductions and normalisation
  reduceSum(x: Value, axes: readonly number[], keepDims = false): Value {
    return this.#reduce(ops.reduceSumOp, x, axes, keepDims);
  }
  reduceMean(x: Value, axes: readonly number[], keepDims = false): Value {
    return this.#reduce(ops.reduceMeanOp, x, axes, keepDims);
  }
  reduceMax(x: Value, axes: readonly number[], keepDims = false): Value {
    return this.#reduce(ops.reduceMaxOp, x, axes, keepDims);
  }
  softmax(x: Value, axis = -1): Value {
    return this.apply(ops.softmaxOp, [x], { axis })[0]!;
  }
  logSoftmax(x: Value, axis = -1): Value {
    return this.apply(ops.logSoftmaxOp, [x], { axis })[0]!;
  }
  /** LayerNormalization; returns the normalised output only. */
  layerNormalization(x: Value, scale: Value, bias?: Value, options: LayerNormalizationOptions = {}): Value {
    const attributes = { axis: options.axis ?? -1, epsilon: options.epsilon ?? 1e-5 };
    return this.apply(ops.layerNormalizationOp, bias === undefined ? [x, scale] : [x, scale, bias], attributes)[0]!;
  }

  // Shapes and layout
  shape(x: Value): Value {
    return this.#one(ops.shapeOp, [x]);
  }
  size(x: Value): Value {
    return this.#one(ops.sizeOp, [x]);
  }
  /** Reshape to constant dims (0 copies, -1 infers) or to a computed shape; `outputShape` names dims. */
  reshape(x: Value, shape: Value | readonly number[], outputShape?: Shape): Value {
    const target = Array.isArray(shape) ? this.constant(shape as number[], 'int64') : (shape as Value);
    return this.apply(ops.reshapeOp, [x, target], {}, outputShape ? { outputShapes: [outputShape] } : {})[0]!;
  }
  transpose(x: Value, perm?: readonly number[]): Value {
    return this.apply(ops.transposeOp, [x], perm === undefined ? {} : { perm })[0]!;
  }
  /** Swaps the last two axes. */
  transposeLast2(x: Value): Value {
    const rank = x.shape.length;
    const perm = x.shape.map((_dim, index) => index);
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return this.transpose(x, perm);
  }
  unsqueeze(x: Value, axes: readonly number[]): Value {
    return this.#one(ops.unsqueezeOp, [x, this.constant(axes as number[], 'int64')]);
  }
  squeeze(x: Value, axes: readonly number[]): Value {
    return this.#one(ops.squeezeOp, [x, this.constant(axes as number[], 'int64')]);
  }
  concat(values: readonly Value[], axis: number): Value {
    return this.apply(ops.concatOp, values, { axis })[0]!;
  }
  /** Slice by constant (or computed) starts and ends along `axes`. */
  slice(x: Value, starts: Value | readonly number[], ends: Value | readonly number[], axes?: readonly number[], steps?: readonly number[]): Value {
    const inputs = [x, this.#ints(starts), this.#ints(ends)];
    if (axes !== undefined) inputs.push(this.constant(axes as number[], 'int64'));
    if (steps !== undefined) inputs.push(this.constant(steps as number[], 'int64'));
    return this.apply(ops.sliceOp, inputs, {})[0]!;
  }
  /** Split along `axis` by constant sizes, or by computed sizes with the outputs' shapes given. */
  split(x: Value, sizes: Value | readonly number[], axis: number, outputShapes?: readonly Shape[]): Value[] {
    return this.apply(ops.splitOp, [x, this.#ints(sizes)], { axis }, outputShapes ? { outputShapes } : {});
  }
  expand(x: Value, shape: Value | readonly number[], outputShape?: Shape): Value {
    return this.apply(ops.expandOp, [x, this.#ints(shape)], {}, outputShape ? { outputShapes: [outputShape] } : {})[0]!;
  }
  pad(x: Value, pads: readonly number[], outputShape?: Shape): Value {
    return this.apply(ops.padOp, [x, this.constant(pads as number[], 'int64')], {}, outputShape ? { outputShapes: [outputShape] } : {})[0]!;
  }
  cast(x: Value, dtype: DType): Value {
    if (x.dtype === dtype) return x;
    return this.apply(ops.castOp, [x], { to: DataType[dtype] })[0]!;
  }
  /** Keeps the upper or lower triangle of the last two axes, offset by `k` diagonals. */
  trilu(x: Value, upper: boolean, k?: Value | number): Value {
    const offset = k === undefined ? undefined : typeof k === 'number' ? this.constant(k, 'int64', []) : k;
    return this.apply(ops.triluOp, offset === undefined ? [x] : [x, offset], { upper: upper ? 1 : 0 })[0]!;
  }
  /** A tensor of a computed shape filled with `value`. */
  constantOfShape(shape: Value, value: number, dtype: DType = 'float32', outputShape?: Shape): Value {
    if (dtype === 'float16') throw new ToolkitError('GRAPH_DTYPE_MISMATCH', 'constantOfShape: float16 fills are not supported; fill in float32 and cast.');
    const fill = toTypedArray([value], dtype);
    return this.apply(ops.constantOfShapeOp, [shape], { value: { dtype, dims: [1], data: fill } }, outputShape ? { outputShapes: [outputShape] } : {})[0]!;
  }
  range(start: Value, limit: Value, delta: Value, outputShape?: Shape): Value {
    return this.apply(ops.rangeOp, [start, limit, delta], {}, outputShape ? { outputShapes: [outputShape] } : {})[0]!;
  }

  // Indexing
  gather(data: Value, indices: Value, axis = 0): Value {
    return this.apply(ops.gatherOp, [data, indices], { axis })[0]!;
  }
  gatherElements(data: Value, indices: Value, axis = 0): Value {
    return this.apply(ops.gatherElementsOp, [data, indices], { axis })[0]!;
  }
  scatterElements(data: Value, indices: Value, updates: Value, axis = 0, reduction: 'none' | 'add' = 'none'): Value {
    return this.apply(ops.scatterElementsOp, [data, indices, updates], { axis, reduction })[0]!;
  }
  scatterND(data: Value, indices: Value, updates: Value, reduction: 'none' | 'add' = 'none'): Value {
    return this.apply(ops.scatterNdOp, [data, indices, updates], { reduction })[0]!;
  }

  // Quantized weights
  /** onnxruntime's MatMulNBits: `a · dequantize(b)ᵀ` for a block-quantized weight (see matMulNBitsOp). */
  matMulNBits(a: Value, b: Value, scales: Value, attributes: MatMulNBitsAttributes, zeroPoints?: Value): Value {
    return this.apply(ops.matMulNBitsOp, zeroPoints === undefined ? [a, b, scales] : [a, b, scales, zeroPoints], attributes)[0]!;
  }
  /** DequantizeLinear per tensor, per `axis`, or in blocks of `blockSize` along `axis`. */
  dequantizeLinear(x: Value, scale: Value, zeroPoint?: Value, options: { readonly axis?: number; readonly blockSize?: number } = {}): Value {
    const attributes = { ...(options.axis === undefined ? {} : { axis: options.axis }), ...(options.blockSize === undefined ? {} : { block_size: options.blockSize }) };
    return this.apply(ops.dequantizeLinearOp, zeroPoint === undefined ? [x, scale] : [x, scale, zeroPoint], attributes)[0]!;
  }

  // Scheduling
  /**
   * `value` itself, reshaped to its own shape through a shape computed from `anchor`: onnxruntime
   * can then neither fold what follows into a constant (a float32 copy of a 16-bit weight) nor run
   * it before `anchor` exists, so it is computed just in time and freed after use. Reshape
   * aliases its input: no data is copied. Not for 4-bit tensors (anchor their scales instead).
   */
  after(value: Value, anchor: Value): Value {
    if (value.dtype === 'uint4' || value.dtype === 'int4') {
      throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `after: onnxruntime cannot reshape the ${value.dtype} tensor '${value.name}'; anchor another input of its consumer.`);
    }
    const own = value.shape.every((dim) => typeof dim === 'number') ? this.constant(value.shape as number[], 'int64') : this.shape(value);
    const zero = this.mul(this.size(anchor), 0); // int64 scalar 0 that onnxruntime only knows at run time
    return this.reshape(value, this.add(own, zero), value.shape);
  }

  // Regularisation
  /** Training-mode dropout with a fixed seed; returns the output and the keep-mask. */
  dropout(x: Value, ratio: number, seed: number): [output: Value, mask: Value] {
    const [output, mask] = this.apply(ops.dropoutOp, [x, this.constant(ratio, x.dtype, []), this.constant([1], 'bool', [])], { seed });
    return [output!, mask!];
  }

  #one(op: (typeof ops)[keyof typeof ops], inputs: readonly Value[]): Value {
    return this.apply(op as typeof ops.addOp, inputs, {})[0]!;
  }

  #binary(op: typeof ops.addOp, a: Operand, b: Operand): Value {
    if (typeof a === 'number' && typeof b === 'number') {
      throw new ToolkitError('GRAPH_INVALID', `${op.opType}: at least one operand must be a graph value, but got two numbers (${a}, ${b}).`);
    }
    const like = typeof a === 'number' ? (b as Value) : a;
    return this.apply(op, [this.#operand(a, like), this.#operand(b, like)], {})[0]!;
  }

  #operand(value: Operand, like: Value): Value {
    return typeof value === 'number' ? this.constant(value, like.dtype, []) : value;
  }

  #ints(value: Value | readonly number[]): Value {
    return Array.isArray(value) ? this.constant(value as number[], 'int64') : (value as Value);
  }

  #reduce(op: typeof ops.reduceSumOp, x: Value, axes: readonly number[], keepDims: boolean): Value {
    const inputs = axes.length === 0 ? [x] : [x, this.constant(axes as number[], 'int64')];
    return this.apply(op, inputs, { keepdims: keepDims ? 1 : 0 })[0]!;
  }
}
