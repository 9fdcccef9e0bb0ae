import { ToolkitError } from '@causal-tune/core';

/** Element types the graph builder handles, with their ONNX `TensorProto.DataType` numbers. */
export const DataType = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
  bfloat16: 16,
  uint4: 21,
  int4: 22,
} as const;

/** A dtype name: `'float32'`, `'int64'`, ... */
export type DType = keyof typeof DataType;

/** The typed array that holds values of each dtype in JavaScript. */
export interface TypedArrayOf {
  float32: Float32Array;
  uint8: Uint8Array;
  int8: Int8Array;
  int32: Int32Array;
  int64: BigInt64Array;
  bool: Uint8Array;
  float16: Uint16Array;
  float64: Float64Array;
  /** Bit patterns of bfloat16 (the upper half of a float32). */
  bfloat16: Uint16Array;
  /** Two elements per byte, the first in the low nibble (ONNX's packing). */
  uint4: Uint8Array;
  int4: Uint8Array;
}

/** Any typed array a tensor of the builder can hold. */
export type TensorData = TypedArrayOf[DType];

const BYTES_PER_ELEMENT: Record<DType, number> = {
  float32: 4, uint8: 1, int8: 1, int32: 4, int64: 8, bool: 1, float16: 2, float64: 8, bfloat16: 2, uint4: 0.5, int4: 0.5,
};

/** Bytes one element of `dtype` takes (0.5 for the packed 4-bit types). */
export function bytesPerElement(dtype: DType): number {
  return BYTES_PER_ELEMENT[dtype];
}

/** Bytes a tensor of `count` elements of `dtype` takes (4-bit types round up to whole bytes). */
export function byteLengthOf(dtype: DType, count: number): number {
  return Math.ceil(count * BYTES_PER_ELEMENT[dtype]);
}

/** Typed-array elements that hold `count` elements of `dtype` (bytes for the packed 4-bit types). */
export function storageLengthOf(dtype: DType, count: number): number {
  return dtype === 'uint4' || dtype === 'int4' ? Math.ceil(count / 2) : count;
}

/** True for the floating dtypes, the only ones that carry gradients. */
export function isFloatType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** The dtype of a typed array; ambiguous arrays (Uint8Array: uint8 or bool) need `hint`. */
export function dtypeOfArray(data: TensorData, hint?: DType): DType {
  if (hint !== undefined) return hint;
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'float16';
  throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `Cannot infer a dtype from a ${(data as object).constructor.name}.`);
}

/** Copies numbers (or bigints) into a typed array of `dtype`. */
export function toTypedArray(values: readonly number[] | readonly bigint[] | TensorData, dtype: DType): TensorData {
  const list = Array.from(values as ArrayLike<number | bigint>);
  switch (dtype) {
    case 'float32':
      return Float32Array.from(list, Number);
    case 'float64':
      return Float64Array.from(list, Number);
    case 'int64':
      return BigInt64Array.from(list, (item) => BigInt(item));
    case 'int32':
      return Int32Array.from(list, Number);
    case 'int8':
      return Int8Array.from(list, Number);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(list, Number);
    case 'float16':
    case 'bfloat16':
    case 'uint4':
    case 'int4':
      throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `Constants of dtype ${dtype} must be given as their packed bits (Uint16Array for 16-bit floats, Uint8Array for 4-bit integers).`);
  }
}
