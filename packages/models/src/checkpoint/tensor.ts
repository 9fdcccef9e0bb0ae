/** Floating-point element types of a checkpoint; all are read into a `Float32Array`. */
export const FLOAT_DTYPES = ['F32', 'F16', 'BF16'] as const;

/** One of {@link FLOAT_DTYPES}. */
export type FloatDtype = (typeof FLOAT_DTYPES)[number];

/** Every safetensors element type causal-tune reads: floats, plus I64/I32 (token ids, step counters). */
export const SAFETENSORS_DTYPES = ['F32', 'F16', 'BF16', 'I64', 'I32'] as const;

/** One of {@link SAFETENSORS_DTYPES}. */
export type SafetensorsDtype = (typeof SAFETENSORS_DTYPES)[number];

/** Bytes per element of each dtype. */
export const DTYPE_SIZE_BYTES: Readonly<Record<SafetensorsDtype, number>> = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 };

/**
 * A floating-point tensor. `dtype` is how it is (or will be) stored on disk; `data` is always
 * float32, row-major (C order), with `shape` listing the dimensions outermost first.
 */
export interface FloatTensor {
  readonly dtype: FloatDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A 32-bit integer tensor. */
export interface Int32Tensor {
  readonly dtype: 'I32';
  readonly shape: readonly number[];
  readonly data: Int32Array;
}

/** A 64-bit integer tensor. */
export interface Int64Tensor {
  readonly dtype: 'I64';
  readonly shape: readonly number[];
  readonly data: BigInt64Array;
}

/** Any tensor of a safetensors file. */
export type SafetensorsTensor = FloatTensor | Int32Tensor | Int64Tensor;

/** True for the float dtypes (F32, F16, BF16). */
export function isFloatDtype(dtype: string): dtype is FloatDtype {
  return (FLOAT_DTYPES as readonly string[]).includes(dtype);
}

/** True for a {@link FloatTensor}. */
export function isFloatTensor(tensor: SafetensorsTensor): tensor is FloatTensor {
  return isFloatDtype(tensor.dtype);
}

/** Number of elements of a tensor of `shape` (1 for a scalar, `[]`). */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dimension of shape) count *= dimension;
  return count;
}

/** `[64, 172]`: a shape as it appears in messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** True when two shapes have the same rank and dimensions. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dimension, index) => dimension === b[index]);
}
