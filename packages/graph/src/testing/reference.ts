import type { TensorData } from '../builder/dtype.js';
import type { CheckInput } from './check-gradient.js';
import { pseudoRandom } from './check-gradient.js';

/**
 * Plain-JavaScript reference implementations of the ops, in float64 and row-major order, for
 * the forward half of the op tests (`src/ops/*.test.ts`). Deliberately naive: each is written
 * from the ONNX operator spec, never from the builder's code, so the two cannot share a bug.
 */

/** A reference tensor: its shape and its values in row-major order. */
export interface Reference {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** A reference tensor that is also a floating input of `runGraph` and `checkGradient`. */
export type ReferenceInput = CheckInput & Reference;

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** Builds a reference tensor, checking that the data fills the shape. */
export function tensor(shape: readonly number[], data: readonly number[]): Reference {
  if (data.length !== sizeOf(shape)) throw new RangeError(`tensor: shape [${shape.join(', ')}] needs ${sizeOf(shape)} values, but got ${data.length}.`);
  return { shape, data };
}

/**
 * A floating input of deterministic values in `[offset - scale, offset + scale)`.
 * Positive `offset`s keep the inputs of Log, Sqrt, Pow and Div away from their poles.
 */
export function randomInput(name: string, shape: readonly number[], seed: number, options: { readonly scale?: number; readonly offset?: number } = {}): ReferenceInput {
  const { scale = 1, offset = 0 } = options;
  return { name, shape, data: pseudoRandom(sizeOf(shape), seed).map((value) => offset + scale * value) };
}

/** An int64 input (indices, ids); it gets no gradient. */
export function intInput(name: string, shape: readonly number[], data: readonly number[]): CheckInput & Reference {
  return { name, shape, data, dtype: 'int64' };
}

/** Coordinates of the flat `index` in `shape`. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
    coords[axis] = rest % shape[axis]!;
    rest = Math.floor(rest / shape[axis]!);
  }
  return coords;
}

/** Flat index of `coords` in `shape`. */
export function ravel(coords: readonly number[], shape: readonly number[]): number {
  let index = 0;
  for (let axis = 0; axis < shape.length; axis += 1) index = index * shape[axis]! + coords[axis]!;
  return index;
}

/** Numpy broadcasting of shapes (throws on a mismatch, like the spec). */
export function broadcastShape(...shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((shape) => shape.length));
  return Array.from({ length: rank }, (_unused, axis) => {
    let dim = 1;
    for (const shape of shapes) {
      const own = shape[axis - (rank - shape.length)] ?? 1;
      if (own === 1) continue;
      if (dim !== 1 && dim !== own) throw new RangeError(`broadcastShape: ${shapes.map((s) => `[${s.join(', ')}]`).join(' and ')} do not broadcast.`);
      dim = own;
    }
    return dim;
  });
}

/** The value of `x` at output `coords` of a broadcast result. */
function broadcastAt(x: Reference, coords: readonly number[]): number {
  const lead = coords.length - x.shape.length;
  let index = 0;
  for (let axis = 0; axis < x.shape.length; axis += 1) {
    const dim = x.shape[axis]!;
    index = index * dim + (dim === 1 ? 0 : coords[axis + lead]!);
  }
  return x.data[index]!;
}

/** `fn` applied elementwise over broadcast inputs (Add, Where, Less, ...). */
export function elementwise(fn: (...values: number[]) => number, ...inputs: readonly Reference[]): Reference {
  const shape = broadcastShape(...inputs.map((input) => input.shape));
  const data = Array.from({ length: sizeOf(shape) }, (_unused, index) => {
    const coords = unravel(index, shape);
    return fn(...inputs.map((input) => broadcastAt(input, coords)));
  });
  return { shape, data };
}

/** Broadcasts `x` to `shape` (Expand: numpy broadcasting of the two shapes). */
export function expand(x: Reference, shape: readonly number[]): Reference {
  return elementwise((value) => value, x, { shape, data: new Array<number>(sizeOf(shape)).fill(0) });
}

/** Transpose by `perm` (default: reversed axes). */
export function transpose(x: Reference, perm: readonly number[] = x.shape.map((_dim, axis) => x.shape.length - 1 - axis)): Reference {
  const shape = perm.map((axis) => x.shape[axis]!);
  const data = Array.from({ length: x.data.length }, (_unused, index) => {
    const coords = unravel(index, shape);
    const source = new Array<number>(x.shape.length);
    perm.forEach((axis, position) => (source[axis] = coords[position]!));
    return x.data[ravel(source, x.shape)]!;
  });
  return { shape, data };
}

/** Numpy matmul of operands of rank ≥ 2 with broadcast batch dims. */
export function matMul(a: Reference, b: Reference): Reference {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [kb, n] = b.shape.slice(-2) as [number, number];
  if (k !== kb) throw new RangeError(`matMul: inner dims ${k} and ${kb} differ.`);
  const batch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const shape = [...batch, m, n];
  const data = Array.from({ length: sizeOf(shape) }, (_unused, index) => {
    const coords = unravel(index, shape);
    const [row, column] = coords.slice(-2) as [number, number];
    const batchCoords = coords.slice(0, -2);
    let sum = 0;
    for (let inner = 0; inner < k; inner += 1) {
      sum += broadcastAt(a, [...batchCoords, row, inner]) * broadcastAt(b, [...batchCoords, inner, column]);
    }
    return sum;
  });
  return { shape, data };
}

/** Gemm: `alpha · op(A) · op(B) + beta · C`. */
export function gemm(a: Reference, b: Reference, c: Reference | undefined, options: { alpha?: number; beta?: number; transA?: number; transB?: number } = {}): Reference {
  const { alpha = 1, beta = 1, transA = 0, transB = 0 } = options;
  const product = matMul(transA ? transpose(a) : a, transB ? transpose(b) : b);
  return c === undefined ? elementwise((value) => alpha * value, product) : elementwise((p, bias) => alpha * p + beta * bias, product, c);
}

/** ReduceSum / ReduceMean / ReduceMax over `axes` (all when empty). */
export function reduce(x: Reference, axes: readonly number[], keepDims: boolean, kind: 'sum' | 'mean' | 'max'): Reference {
  const rank = x.shape.length;
  const reduced = (axes.length === 0 ? x.shape.map((_dim, axis) => axis) : axes).map((axis) => (axis < 0 ? axis + rank : axis));
  const keptShape = x.shape.map((dim, axis) => (reduced.includes(axis) ? 1 : dim));
  const sums = new Array<number>(sizeOf(keptShape)).fill(kind === 'max' ? Number.NEGATIVE_INFINITY : 0);
  x.data.forEach((value, index) => {
    const coords = unravel(index, x.shape).map((coord, axis) => (reduced.includes(axis) ? 0 : coord));
    const target = ravel(coords, keptShape);
    sums[target] = kind === 'max' ? Math.max(sums[target]!, value) : sums[target]! + value;
  });
  const count = x.data.length / sums.length;
  const data = kind === 'mean' ? sums.map((sum) => sum / count) : sums;
  return { shape: keepDims ? keptShape : x.shape.filter((_dim, axis) => !reduced.includes(axis)), data };
}

/** Softmax along `axis`, computed stably. */
export function softmax(x: Reference, axis: number): Reference {
  const max = reduce(x, [axis], true, 'max');
  const exps = elementwise((value, top) => Math.exp(value - top), x, max);
  return elementwise((value, total) => value / total, exps, reduce(exps, [axis], true, 'sum'));
}

/** LogSoftmax along `axis`: `x − max − log Σ exp(x − max)`, stable for large logits. */
export function logSoftmax(x: Reference, axis: number): Reference {
  const max = reduce(x, [axis], true, 'max');
  const shifted = elementwise((value, top) => value - top, x, max);
  const logSum = elementwise(Math.log, reduce(elementwise(Math.exp, shifted), [axis], true, 'sum'));
  return elementwise((value, total) => value - total, shifted, logSum);
}

/** LayerNormalization over the axes from `axis` to the end (biased variance, like ONNX). */
export function layerNormalization(x: Reference, scale: Reference, bias: Reference | undefined, axis = -1, epsilon = 1e-5): Reference {
  const start = axis < 0 ? axis + x.shape.length : axis;
  const axes = x.shape.map((_dim, index) => index).filter((index) => index >= start);
  const mean = reduce(x, axes, true, 'mean');
  const centered = elementwise((value, mu) => value - mu, x, mean);
  const variance = reduce(elementwise((value) => value * value, centered), axes, true, 'mean');
  const normalized = elementwise((value, v, gain) => (value / Math.sqrt(v + epsilon)) * gain, centered, variance, scale);
  return bias === undefined ? normalized : elementwise((value, shift) => value + shift, normalized, bias);
}

/** Slice by `starts`/`ends` on `axes` with `steps`, clamped like the ONNX spec. */
export function slice(x: Reference, starts: readonly number[], ends: readonly number[], axes: readonly number[] = starts.map((_start, index) => index), steps: readonly number[] = starts.map(() => 1)): Reference {
  const rank = x.shape.length;
  const ranges = x.shape.map((dim) => ({ start: 0, step: 1, length: dim }));
  axes.forEach((rawAxis, index) => {
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    const dim = x.shape[axis]!;
    const step = steps[index]!;
    const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
    const resolve = (value: number) => (value < 0 ? value + dim : value);
    const start = step > 0 ? clamp(resolve(starts[index]!), 0, dim) : clamp(resolve(starts[index]!), -1, dim - 1);
    const end = step > 0 ? clamp(resolve(ends[index]!), 0, dim) : clamp(resolve(ends[index]!), -1, dim - 1);
    ranges[axis] = { start, step, length: Math.max(0, Math.ceil((end - start) / step)) };
  });
  const shape = ranges.map((range) => range.length);
  const data = Array.from({ length: sizeOf(shape) }, (_unused, index) => {
    const coords = unravel(index, shape).map((coord, axis) => ranges[axis]!.start + coord * ranges[axis]!.step);
    return x.data[ravel(coords, x.shape)]!;
  });
  return { shape, data };
}

/** Concatenation along `axis`. */
export function concat(inputs: readonly Reference[], axis: number): Reference {
  const at = axis < 0 ? axis + inputs[0]!.shape.length : axis;
  const shape = inputs[0]!.shape.map((dim, index) => (index === at ? inputs.reduce((total, input) => total + input.shape[at]!, 0) : dim));
  const data = Array.from({ length: sizeOf(shape) }, (_unused, index) => {
    const coords = unravel(index, shape);
    let position = coords[at]!;
    for (const input of inputs) {
      if (position < input.shape[at]!) return input.data[ravel(coords.map((coord, axisIndex) => (axisIndex === at ? position : coord)), input.shape)]!;
      position -= input.shape[at]!;
    }
    throw new RangeError('concat: position out of range.');
  });
  return { shape, data };
}

/** Constant-mode Pad with ONNX `pads` = [begin per axis..., end per axis...]. */
export function pad(x: Reference, pads: readonly number[], value = 0): Reference {
  const rank = x.shape.length;
  const shape = x.shape.map((dim, axis) => dim + pads[axis]! + pads[rank + axis]!);
  const data = Array.from({ length: sizeOf(shape) }, (_unused, index) => {
    const coords = unravel(index, shape).map((coord, axis) => coord - pads[axis]!);
    return coords.every((coord, axis) => coord >= 0 && coord < x.shape[axis]!) ? x.data[ravel(coords, x.shape)]! : value;
  });
  return { shape, data };
}

/** Gather along `axis` by integer `indices` (negative ones count from the end). */
export function gather(data: Reference, indices: Reference, axis = 0): Reference {
  const shape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
  const values = Array.from({ length: sizeOf(shape) }, (_unused, index) => {
    const coords = unravel(index, shape);
    const indexCoords = coords.slice(axis, axis + indices.shape.length);
    const picked = indices.data[ravel(indexCoords, indices.shape)]!;
    const resolved = picked < 0 ? picked + data.shape[axis]! : picked;
    return data.data[ravel([...coords.slice(0, axis), resolved, ...coords.slice(axis + indices.shape.length)], data.shape)]!;
  });
  return { shape, data: values };
}

/** GatherElements: `out[i][j] = data[indices[i][j]][j]` along `axis` (any rank). */
export function gatherElements(data: Reference, indices: Reference, axis = 0): Reference {
  const values = indices.data.map((picked, index) => {
    const coords = unravel(index, indices.shape);
    coords[axis] = picked < 0 ? picked + data.shape[axis]! : picked;
    return data.data[ravel(coords, data.shape)]!;
  });
  return { shape: indices.shape, data: values };
}

/** ScatterElements: writes (or adds) each update at its index along `axis`, in order. */
export function scatterElements(data: Reference, indices: Reference, updates: Reference, axis = 0, reduction: 'none' | 'add' = 'none'): Reference {
  const values = [...data.data];
  indices.data.forEach((picked, index) => {
    const coords = unravel(index, indices.shape);
    coords[axis] = picked < 0 ? picked + data.shape[axis]! : picked;
    const target = ravel(coords, data.shape);
    values[target] = reduction === 'add' ? values[target]! + updates.data[index]! : updates.data[index]!;
  });
  return { shape: data.shape, data: values };
}

/** ScatterND: writes (or adds) the slices of `updates` at the index tuples in `indices`' last axis. */
export function scatterND(data: Reference, indices: Reference, updates: Reference, reduction: 'none' | 'add' = 'none'): Reference {
  const depth = indices.shape.at(-1)!;
  const sliceShape = data.shape.slice(depth);
  const sliceSize = sizeOf(sliceShape);
  const values = [...data.data];
  for (let tuple = 0; tuple < indices.data.length / depth; tuple += 1) {
    const prefix = indices.data.slice(tuple * depth, (tuple + 1) * depth);
    for (let offset = 0; offset < sliceSize; offset += 1) {
      const target = ravel([...prefix, ...unravel(offset, sliceShape)], data.shape);
      const update = updates.data[tuple * sliceSize + offset]!;
      values[target] = reduction === 'add' ? values[target]! + update : update;
    }
  }
  return { shape: data.shape, data: values };
}

/** Trilu: keeps the upper (`j - i ≥ k`) or lower (`j - i ≤ k`) triangle of the last two axes. */
export function trilu(x: Reference, upper: boolean, k = 0): Reference {
  const data = x.data.map((value, index) => {
    const [row, column] = unravel(index, x.shape).slice(-2) as [number, number];
    const keep = upper ? column - row >= k : column - row <= k;
    return keep ? value : 0;
  });
  return { shape: x.shape, data };
}

/**
 * The Gauss error function, from the Maclaurin series below 3 and the asymptotic continued
 * fraction above (accurate to about 1e-14; JavaScript has no `Math.erf`).
 */
export function erf(value: number): number {
  const x = Math.abs(value);
  let result: number;
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n += 1) {
      term *= (-x * x) / n;
      const next = term / (2 * n + 1);
      sum += next;
      if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
    }
    result = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(x) = e^(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
    let fraction = x;
    for (let n = 60; n >= 1; n -= 1) fraction = x + n / 2 / fraction;
    result = 1 - Math.exp(-x * x) / Math.sqrt(Math.PI) / fraction;
  }
  return value < 0 ? -result : result;
}

/** What a session returned: dims and a typed array (bool and int64 included). */
export interface ActualTensor {
  readonly dims: readonly number[];
  readonly data: TensorData;
}

/**
 * Compares a run's output with a reference: `[]` when the shapes are equal and every value is
 * within `atol + rtol·|expected|`, else one line per problem (at most 10), for the assertion
 * message. Bools and int64 compare as numbers.
 */
export function compareTensors(actual: ActualTensor, expected: Reference, tolerance: { readonly rtol?: number; readonly atol?: number } = {}): string[] {
  const { rtol = 1e-5, atol = 1e-6 } = tolerance;
  if (actual.dims.length !== expected.shape.length || actual.dims.some((dim, axis) => dim !== expected.shape[axis])) {
    return [`shape [${actual.dims.join(', ')}] differs from the expected [${expected.shape.join(', ')}]`];
  }
  const values = Array.from(actual.data as ArrayLike<number | bigint>, Number);
  const problems: string[] = [];
  values.forEach((value, index) => {
    const want = expected.data[index]!;
    const close = Number.isFinite(want) ? Math.abs(value - want) <= atol + rtol * Math.abs(want) : value === want;
    if (!close && problems.length < 10) problems.push(`at ${index} [${unravel(index, expected.shape).join(', ')}]: got ${value}, expected ${want}`);
  });
  return problems;
}

/** The values of an output as plain numbers. */
export function valuesOf(actual: ActualTensor): number[] {
  return Array.from(actual.data as ArrayLike<number | bigint>, Number);
}
