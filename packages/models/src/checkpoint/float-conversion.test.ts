import {
  bfloat16BitsToFloat32,
  decodeBfloat16,
  decodeFloat16,
  encodeBfloat16,
  encodeFloat16,
  float16BitsToFloat32,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from './float-conversion.js';

describe('F16', () => {
  // Bit patterns from IEEE 754 binary16 tables (and numpy: np.float16(x).view(np.uint16)).
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff], // largest finite
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [-0, 0x8000],
  ])('encodes %p as bit pattern %i', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('rounds to nearest, ties to even, including into infinity and subnormals', () => {
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie: 0x3c00 is even
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: 0x3c02 is even
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // tie between 65504 and 65536 (infinity)
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // tie between 0 and 2^-24
    expect(float32ToFloat16Bits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(float32ToFloat16Bits(2 ** -26)).toBe(0x0000);
    expect(float32ToFloat16Bits(1023.5 * 2 ** -24)).toBe(0x0400); // subnormal rounds up to the smallest normal
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
  });

  it('keeps NaN a NaN', () => {
    const bits = float32ToFloat16Bits(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x3ff).not.toBe(0);
    expect(float16BitsToFloat32(0x7e00)).toBeNaN();
  });

  it('decodes known values exactly', () => {
    expect(float16BitsToFloat32(0x3555)).toBe(0.333251953125);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0x7bff)).toBe(65504);
    expect(float16BitsToFloat32(0xfc00)).toBe(-Infinity);
    expect(float16BitsToFloat32(0x2e66)).toBe(0.0999755859375);
  });

  it('round-trips all 65,536 bit patterns through float32 (NaNs stay NaN)', () => {
    const all = new Uint16Array(65536).map((_, index) => index);
    const decoded = decodeFloat16(all);
    const encoded = encodeFloat16(decoded);
    for (let bits = 0; bits < 65536; bits += 1) {
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (isNaN) expect(Number.isNaN(decoded[bits])).toBe(true);
      else if (encoded[bits] !== bits) throw new Error(`0x${bits.toString(16)} came back as 0x${encoded[bits]!.toString(16)}`);
    }
  });
});

describe('BF16', () => {
  it.each([
    [1, 0x3f80],
    [-2, 0xc000],
    [Math.PI, 0x4049], // 0x40490fdb, lower half below the midpoint
    [1 / 3, 0x3eab], // 0x3eaaaaab, lower half above the midpoint
    [1 + 2 ** -8, 0x3f80], // tie, even
    [1 + 3 * 2 ** -8, 0x3f82], // tie, even
    [3.4028234663852886e38, 0x7f80], // largest float32 rounds to infinity
    [-Infinity, 0xff80],
  ])('encodes %p as bit pattern %i', (value, bits) => {
    expect(float32ToBfloat16Bits(value)).toBe(bits);
  });

  it('decodes known values and keeps NaN', () => {
    expect(bfloat16BitsToFloat32(0x4049)).toBe(3.140625);
    expect(bfloat16BitsToFloat32(0x3eab)).toBe(0.333984375);
    expect(bfloat16BitsToFloat32(float32ToBfloat16Bits(NaN))).toBeNaN();
  });

  it('round-trips every non-NaN bit pattern', () => {
    const all = new Uint16Array(65536).map((_, index) => index);
    const encoded = encodeBfloat16(decodeBfloat16(all));
    for (let bits = 0; bits < 65536; bits += 1) {
      const isNaN = (bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0;
      if (!isNaN && encoded[bits] !== bits) throw new Error(`0x${bits.toString(16)} came back as 0x${encoded[bits]!.toString(16)}`);
    }
  });
});
