import { GraphBuilder } from '../builder/graph-builder.js';
import type { Value } from '../builder/value.js';
import { compile } from '../onnx/compile.js';
import { createSession } from '../runtime/graph-session.js';
import { checkGradient, pseudoRandom } from '../testing/check-gradient.js';
import { randomInput } from '../testing/reference.js';
import { MATMUL_N_BITS_INPUT_GRADIENT, type MatMulNBitsInputGradient } from './mat-mul-nbits.js';

/** A test-only symmetric block quantizer in MatMulNBits' layout (models owns the real one). */
function quantize(weight: readonly number[], n: number, k: number, bits: 4 | 8, block: number) {
  const blocks = Math.ceil(k / block);
  const levels = 2 ** (bits - 1);
  const packed = new Uint8Array((n * blocks * block * bits) / 8);
  const scales = new Float32Array(n * blocks);
  const dequantized = new Float32Array(n * k);
  for (let row = 0; row < n; row += 1) {
    for (let b = 0; b < blocks; b += 1) {
      let max = 0;
      for (let col = b * block; col < Math.min(k, (b + 1) * block); col += 1) max = Math.max(max, Math.abs(weight[row * k + col]!));
      const scale = max / (levels - 1) || 1;
      scales[row * blocks + b] = scale;
      for (let j = 0; j < block; j += 1) {
        const col = b * block + j;
        const q = col < k ? Math.max(-levels, Math.min(levels - 1, Math.round(weight[row * k + col]! / scale))) : 0;
        if (col < k) dequantized[row * k + col] = q * scale;
        const element = (row * blocks + b) * block + j;
        if (bits === 8) packed[element] = q + levels;
        else packed[element >> 1]! |= (q + levels) << ((element & 1) * 4);
      }
    }
  }
  return { packed, scales, dequantized, blocks };
}

const [M, K, N] = [3, 20, 5];
const WEIGHT = pseudoRandom(N * K, 3);
const X = pseudoRandom(M * K, 4);

function reference(x: readonly number[], w: Float32Array): number[] {
  return Array.from({ length: M * N }, (_v, index) => {
    const [row, col] = [Math.floor(index / N), index % N];
    let sum = 0;
    for (let j = 0; j < K; j += 1) sum += x[row * K + j]! * w[col * K + j]!;
    return sum;
  });
}

/** The quantized weight's values in the graph, with the exact input-gradient rule: dY · dequantize(B). */
function quantizedWeight(g: GraphBuilder, bits: 4 | 8, block: number) {
  const q = quantize(WEIGHT, N, K, bits, block);
  const b = g.initializer('b', q.packed, [N, q.blocks, (block * bits) / 8], 'uint8');
  const scales = g.initializer('scales', q.scales, [N * q.blocks]);
  const view = g.initializer('b_view', q.packed, [N, q.blocks * block], bits === 8 ? 'uint8' : 'uint4');
  const rule: MatMulNBitsInputGradient = (builder, dy) => {
    const blockScales = builder.reshape(builder.after(scales, dy), [N, q.blocks]);
    const zero = builder.initializer('zero', new Uint8Array(bits === 8 ? N * q.blocks : Math.ceil((N * q.blocks) / 2)).fill(bits === 8 ? 128 : 0x88), [N, q.blocks], bits === 8 ? 'uint8' : 'uint4');
    const dense = builder.slice(builder.dequantizeLinear(view, blockScales, zero, { axis: 1, blockSize: block }), [0], [K], [1]);
    return builder.matMul(dy, dense);
  };
  g.attach(b, MATMUL_N_BITS_INPUT_GRADIENT, rule);
  return { b, scales, q };
}

describe('MatMulNBits', () => {
  it.each([[8, 16], [4, 16], [4, 32]] as const)('with %i bits in blocks of %i (K padded), equals the product with the dequantized weight', async (bits, block) => {
    const g = new GraphBuilder({ name: 'nbits' });
    const x = g.input('x', 'float32', ['rows', K]);
    const { b, scales, q } = quantizedWeight(g, bits, block);
    g.output(g.matMulNBits(x, b, scales, { K, N, bits, block_size: block }), 'y');
    const session = await createSession(compile(g));
    const { y } = await session.run({ x: { dtype: 'float32', dims: [M, K], data: Float32Array.from(X) } });
    await session.release();
    expect(y!.dims).toEqual([M, N]);
    const expected = reference(X, q.dequantized);
    Array.from(y!.data as Float32Array).forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 5));
  });

  it('quantizes the activations to int8 too at accuracy level 4 (close, not exact)', async () => {
    const g = new GraphBuilder({ name: 'nbits' });
    const x = g.input('x', 'float32', [M, K]);
    const { b, scales, q } = quantizedWeight(g, 8, 16);
    g.output(g.matMulNBits(x, b, scales, { K, N, bits: 8, block_size: 16, accuracy_level: 4 }), 'y');
    const session = await createSession(compile(g));
    const { y } = await session.run({ x: { dtype: 'float32', dims: [M, K], data: Float32Array.from(X) } });
    await session.release();
    const expected = reference(X, q.dequantized);
    const scale = Math.max(...expected.map(Math.abs));
    Array.from(y!.data as Float32Array).forEach((value, index) => expect(Math.abs(value - expected[index]!)).toBeLessThan(0.02 * scale));
  });

  it('differentiates towards the activations through the rule its weight carries', async () => {
    const result = await checkGradient((g, [x]) => {
      const { b, scales } = quantizedWeight(g, 4, 16);
      return g.matMulNBits(x!, b, scales, { K, N, bits: 4, block_size: 16 });
    }, [randomInput('x', [2, K], 5)], { dtype: 'float32' });
    expect(result).toMatchObject({ ok: true, failures: [], checked: 2 * K });
  });

  it('says GRAPH_NO_GRADIENT for a weight without an input-gradient rule', async () => {
    const build = (g: GraphBuilder, [x]: Value[]) => {
      const q = quantize(WEIGHT, N, K, 8, 16);
      return g.matMulNBits(x!, g.initializer('b', q.packed, [N, q.blocks, 16], 'uint8'), g.initializer('s', q.scales, [N * q.blocks]), { K, N, bits: 8, block_size: 16 });
    };
    await expect(checkGradient(build, [randomInput('x', [2, K], 5)], { dtype: 'float32' })).rejects.toMatchObject({ code: 'GRAPH_NO_GRADIENT', message: expect.stringContaining("'b'") });
  });

  it('refuses activations whose last dim is not K', () => {
    const g = new GraphBuilder();
    const q = quantize(WEIGHT, N, K, 8, 16);
    expect(() => g.matMulNBits(g.input('x', 'float32', [2, K + 1]), g.initializer('b', q.packed, [N, q.blocks, 16], 'uint8'), g.initializer('s', q.scales, [N * q.blocks]), { K, N, bits: 8, block_size: 16 })).toThrow(
      expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }),
    );
  });
});
