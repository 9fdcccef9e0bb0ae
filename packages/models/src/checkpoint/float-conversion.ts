// IEEE 754 binary16 (F16) and bfloat16 (BF16) <-> float32, with round-to-nearest-even on the way
// down, as torch's `.half()` / `.bfloat16()` do. Node 20 has no Float16Array, so this is by hand.

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** Bits of the float32 nearest to `value` (its `Float32Array` storage). */
function float32Bits(value: number): number {
  scratchFloat[0] = value;
  return scratchBits[0]!;
}

/** The float32 value of an F16 bit pattern. Exact: every F16 value is a float32 value. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero or subnormal
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/**
 * The F16 bit pattern nearest to `value` (ties to even). Values beyond 65504 (after rounding)
 * become infinity, values below 2^-25 become a signed zero, NaN stays NaN.
 */
export function float32ToFloat16Bits(value: number): number {
  const bits = float32Bits(value);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal result: value = m * 2^-24 with m = (1.mantissa * 2^23) >> (14 - halfExponent).
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const half = 1 << (shift - 1);
    const remainder = full & ((1 << shift) - 1);
    let rounded = full >>> shift;
    if (remainder > half || (remainder === half && (rounded & 1) === 1)) rounded += 1;
    return sign | rounded; // a carry into bit 10 is exactly the smallest normal number
  }
  let result = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && (result & 1) === 1)) result += 1; // may carry to infinity
  return sign | result;
}

/** The float32 value of a BF16 bit pattern (the upper half of a float32). */
export function bfloat16BitsToFloat32(bits: number): number {
  scratchBits[0] = (bits & 0xffff) << 16;
  return scratchFloat[0]!;
}

/** The BF16 bit pattern nearest to `value` (ties to even); NaN stays a quiet NaN. */
export function float32ToBfloat16Bits(value: number): number {
  const bits = float32Bits(value);
  if ((bits & 0x7fffffff) > 0x7f800000) return (bits >>> 16) | 0x40;
  // Finite or infinite: at most 0xff800000 + 0x8000 < 2^32, so `>>>` sees no wrap-around.
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

let float16Table: Float32Array | undefined;

/** All 65,536 F16 values, built once (256 KiB): decoding is then one lookup per element. */
function float16Lookup(): Float32Array {
  if (float16Table === undefined) {
    float16Table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits += 1) float16Table[bits] = float16BitsToFloat32(bits);
  }
  return float16Table;
}

/** Decodes F16 elements into a new `Float32Array`. */
export function decodeFloat16(source: Uint16Array): Float32Array {
  const table = float16Lookup();
  const output = new Float32Array(source.length);
  for (let index = 0; index < source.length; index += 1) output[index] = table[source[index]!]!;
  return output;
}

/** Decodes BF16 elements into a new `Float32Array` (a 16-bit shift per element). */
export function decodeBfloat16(source: Uint16Array): Float32Array {
  const output = new Float32Array(source.length);
  const outputBits = new Uint32Array(output.buffer);
  for (let index = 0; index < source.length; index += 1) outputBits[index] = source[index]! << 16;
  return output;
}

/** Encodes float32 values as F16 bit patterns. */
export function encodeFloat16(source: Float32Array): Uint16Array {
  const output = new Uint16Array(source.length);
  for (let index = 0; index < source.length; index += 1) output[index] = float32ToFloat16Bits(source[index]!);
  return output;
}

/** Encodes float32 values as BF16 bit patterns. */
export function encodeBfloat16(source: Float32Array): Uint16Array {
  const output = new Uint16Array(source.length);
  for (let index = 0; index < source.length; index += 1) output[index] = float32ToBfloat16Bits(source[index]!);
  return output;
}
