import type { ExternalTensorData, TensorData } from '@causal-tune/graph';
import type { WeightPrecision } from './weight-precision.js';

/** A part of a frozen tensor: bytes in memory, or where they lie in a file (ONNX external data). */
export type TensorBytes = { readonly data: TensorData; readonly external?: undefined } | { readonly data?: undefined; readonly external: ExternalTensorData };

/** A float tensor, in the dtype it is stored in. */
export interface FrozenFloatTensor {
  readonly kind: 'float';
  readonly dtype: 'float32' | 'float16' | 'bfloat16';
  readonly shape: readonly number[];
  readonly bytes: TensorBytes;
  /**
   * float32 precision over 16-bit bytes: the graph casts them with a plain Cast that onnxruntime
   * folds into a float32 copy when the session starts (fast products, 4 more bytes a parameter).
   * Otherwise a 16-bit weight is cast just in time for each product.
   */
  readonly castOnLoad?: boolean;
}

/**
 * An 8-bit linear weight [out, in] in MatMulNBits' layout: per output channel one absmax scale,
 * stored once per block of {@link Q8_BLOCK_SIZE} inputs as MatMulNBits wants it.
 */
export interface FrozenQ8Tensor {
  readonly kind: 'q8';
  /** [out, in]: the nn.Linear layout, also for GPT-2's Conv1D weights (transposed when quantized). */
  readonly shape: readonly [number, number];
  /** uint8 [out, blocks, 128], value + 128. */
  readonly packed: TensorBytes;
  /** float32 [out · blocks]. */
  readonly scales: TensorBytes;
  /** float32 [out]: the scale of each output channel. */
  readonly rowScales: TensorBytes;
  /**
   * uint8 [in, blocksOut, 128]: the same integers transposed, for exact input gradients
   * dX = (dY · diag(rowScales)) · Q with MatMulNBits at unit scales. Present where training needs it.
   */
  readonly transposed?: TensorBytes;
}

/** A 4-bit linear weight [out, in] in MatMulNBits' layout, one absmax scale per block of 32 inputs. */
export interface FrozenQ4Tensor {
  readonly kind: 'q4';
  readonly shape: readonly [number, number];
  /** uint8 [out, blocks, 16]: two values + 8 per byte, the first in the low nibble. */
  readonly packed: TensorBytes;
  /** float32 [out · blocks]. */
  readonly scales: TensorBytes;
}

/** One frozen base weight as the graph reads it. */
export type FrozenTensor = FrozenFloatTensor | FrozenQ8Tensor | FrozenQ4Tensor;

/** A model's frozen weights in one precision, by canonical name. */
export interface FrozenWeights {
  readonly precision: WeightPrecision;
  readonly tensors: ReadonlyMap<string, FrozenTensor>;
  /** True when the 8-bit weights carry their transposed copies (training). */
  readonly withTransposed: boolean;
}

/** Bytes the tensor occupies in memory or on disk (all its parts). */
export function frozenTensorBytes(tensor: FrozenTensor): number {
  const size = (bytes: TensorBytes | undefined) => (bytes === undefined ? 0 : bytes.data !== undefined ? bytes.data.byteLength : bytes.external.length);
  switch (tensor.kind) {
    case 'float':
      return size(tensor.bytes);
    case 'q8':
      return size(tensor.packed) + size(tensor.scales) + size(tensor.rowScales) + size(tensor.transposed);
    case 'q4':
      return size(tensor.packed) + size(tensor.scales);
  }
}
