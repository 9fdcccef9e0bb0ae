import { Q4_BLOCK_SIZE, Q8_BLOCK_SIZE } from './weight-precision.js';

// Quantizers of linear weights W [out, in] (row-major float32) into MatMulNBits' layout:
// B [out, ⌈in/block⌉, block·bits/8] uint8 holding q + 2^(bits−1), the first element of a byte in
// its low bits, inputs past `in` padded with the zero point; scales [out · blocks] float32;
// W ≈ (B − 2^(bits−1)) · scale. Both are symmetric absmax schemes (LLM.int8's row-wise absmax
// for 8 bits; Q4_0-like blocks of 32 for 4 bits): scale = max|w| / (2^(bits−1) − 1).

/** 8-bit parts of one weight (see FrozenQ8Tensor). */
export interface Q8Parts {
  readonly packed: Uint8Array;
  readonly scales: Float32Array;
  readonly rowScales: Float32Array;
}

/** 4-bit parts of one weight (see FrozenQ4Tensor). */
export interface Q4Parts {
  readonly packed: Uint8Array;
  readonly scales: Float32Array;
}

/** Blocks of `block` inputs that cover `size` inputs. */
export function blocksOf(size: number, block: number): number {
  return Math.ceil(size / block);
}

/** 8 bits, one absmax scale per output channel (repeated per 128-input block for MatMulNBits). */
export function quantizeQ8(weight: Float32Array, out: number, inFeatures: number): Q8Parts {
  const blocks = blocksOf(inFeatures, Q8_BLOCK_SIZE);
  const padded = blocks * Q8_BLOCK_SIZE;
  const packed = new Uint8Array(out * padded).fill(128);
  const scales = new Float32Array(out * blocks);
  const rowScales = new Float32Array(out);
  for (let row = 0; row < out; row += 1) {
    const base = row * inFeatures;
    let max = 0;
    for (let column = 0; column < inFeatures; column += 1) {
      const magnitude = Math.abs(weight[base + column]!);
      if (magnitude > max) max = magnitude;
    }
    const scale = max > 0 ? max / 127 : 1;
    const inverse = 1 / scale;
    rowScales[row] = scale;
    scales.fill(scale, row * blocks, (row + 1) * blocks);
    const target = row * padded;
    for (let column = 0; column < inFeatures; column += 1) {
      const q = Math.round(weight[base + column]! * inverse);
      packed[target + column] = (q > 127 ? 127 : q < -127 ? -127 : q) + 128;
    }
  }
  return { packed, scales, rowScales };
}

/**
 * The 8-bit integers of a weight transposed into MatMulNBits' layout for the other product:
 * [in, ⌈out/128⌉, 128], outputs past `out` padded with the zero point. Exact: the same integers.
 */
export function transposeQ8(packed: Uint8Array, out: number, inFeatures: number): Uint8Array {
  const rowLength = blocksOf(inFeatures, Q8_BLOCK_SIZE) * Q8_BLOCK_SIZE;
  const outPadded = blocksOf(out, Q8_BLOCK_SIZE) * Q8_BLOCK_SIZE;
  const transposed = new Uint8Array(inFeatures * outPadded).fill(128);
  // Tiles keep both sides in cache.
  const TILE = 64;
  for (let rowStart = 0; rowStart < out; rowStart += TILE) {
    const rowEnd = Math.min(out, rowStart + TILE);
    for (let columnStart = 0; columnStart < inFeatures; columnStart += TILE) {
      const columnEnd = Math.min(inFeatures, columnStart + TILE);
      for (let row = rowStart; row < rowEnd; row += 1) {
        const source = row * rowLength;
        for (let column = columnStart; column < columnEnd; column += 1) transposed[column * outPadded + row] = packed[source + column]!;
      }
    }
  }
  return transposed;
}

/** 4 bits in blocks of {@link Q4_BLOCK_SIZE} inputs, one absmax scale per block. */
export function quantizeQ4(weight: Float32Array, out: number, inFeatures: number): Q4Parts {
  const block = Q4_BLOCK_SIZE;
  const blocks = blocksOf(inFeatures, block);
  const padded = blocks * block;
  const packed = new Uint8Array((out * padded) / 2).fill(0x88);
  const scales = new Float32Array(out * blocks);
  for (let row = 0; row < out; row += 1) {
    const base = row * inFeatures;
    for (let b = 0; b < blocks; b += 1) {
      const start = b * block;
      const end = Math.min(inFeatures, start + block);
      let max = 0;
      for (let column = start; column < end; column += 1) {
        const magnitude = Math.abs(weight[base + column]!);
        if (magnitude > max) max = magnitude;
      }
      const scale = max > 0 ? max / 7 : 1;
      const inverse = 1 / scale;
      scales[row * blocks + b] = scale;
      const element = row * padded + start;
      for (let column = start; column < end; column += 1) {
        const q = Math.round(weight[base + column]! * inverse);
        const value = (q > 7 ? 7 : q < -8 ? -8 : q) + 8;
        const index = element + (column - start);
        const byte = index >> 1;
        packed[byte] = index & 1 ? (packed[byte]! & 0x0f) | (value << 4) : (packed[byte]! & 0xf0) | value;
      }
    }
  }
  return { packed, scales };
}

/** W from 8-bit parts: (q − 128) · rowScale, [out, in] (for checks and the accuracy report). */
export function dequantizeQ8(parts: Q8Parts, out: number, inFeatures: number): Float32Array {
  const rowLength = blocksOf(inFeatures, Q8_BLOCK_SIZE) * Q8_BLOCK_SIZE;
  const weight = new Float32Array(out * inFeatures);
  for (let row = 0; row < out; row += 1) {
    for (let column = 0; column < inFeatures; column += 1) weight[row * inFeatures + column] = (parts.packed[row * rowLength + column]! - 128) * parts.rowScales[row]!;
  }
  return weight;
}

/** W from 4-bit parts: (q − 8) · blockScale, [out, in]. */
export function dequantizeQ4(parts: Q4Parts, out: number, inFeatures: number): Float32Array {
  const blocks = blocksOf(inFeatures, Q4_BLOCK_SIZE);
  const padded = blocks * Q4_BLOCK_SIZE;
  const weight = new Float32Array(out * inFeatures);
  for (let row = 0; row < out; row += 1) {
    for (let column = 0; column < inFeatures; column += 1) {
      const index = row * padded + column;
      const byte = parts.packed[index >> 1]!;
      const value = index & 1 ? byte >> 4 : byte & 0x0f;
      weight[row * inFeatures + column] = (value - 8) * parts.scales[row * blocks + Math.floor(column / Q4_BLOCK_SIZE)]!;
    }
  }
  return weight;
}

/** A row-major [rows, columns] matrix transposed (GPT-2's Conv1D weights [in, out] -> [out, in]). */
export function transposeMatrix(data: Float32Array, rows: number, columns: number): Float32Array {
  const result = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row += 1) for (let column = 0; column < columns; column += 1) result[column * rows + row] = data[row * columns + column]!;
  return result;
}
