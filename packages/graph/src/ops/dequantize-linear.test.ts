import { GraphBuilder } from '../builder/graph-builder.js';
import { compile } from '../onnx/compile.js';
import { createSession } from '../runtime/graph-session.js';
import { checkGradient } from '../testing/check-gradient.js';
import { randomInput } from '../testing/reference.js';

async function dequantize(build: (g: GraphBuilder) => void): Promise<number[]> {
  const g = new GraphBuilder({ name: 'dq' });
  build(g);
  const session = await createSession(compile(g));
  const { y } = await session.run({});
  await session.release();
  return Array.from(y!.data as Float32Array);
}

describe('DequantizeLinear', () => {
  it('dequantizes int8 per axis: (x − 0) · scale[row]', async () => {
    const values = await dequantize((g) => {
      const x = g.initializer('x', Int8Array.of(-2, 1, 3, -4), [2, 2], 'int8');
      g.output(g.dequantizeLinear(x, g.initializer('s', Float32Array.of(0.5, 2), [2]), undefined, { axis: 0 }), 'y');
    });
    expect(values).toEqual([-1, 0.5, 6, -8]);
  });

  it('dequantizes uint8 in blocks along the last axis with zero points', async () => {
    const values = await dequantize((g) => {
      const x = g.initializer('x', Uint8Array.of(130, 126, 128, 132), [1, 4], 'uint8');
      const scale = g.initializer('s', Float32Array.of(0.5, 0.25), [1, 2]);
      const zero = g.initializer('z', Uint8Array.of(128, 130), [1, 2], 'uint8');
      g.output(g.dequantizeLinear(x, scale, zero, { axis: 1, blockSize: 2 }), 'y');
    });
    expect(values).toEqual([1, -1, -0.5, 0.5]);
  });

  it('unpacks uint4 (two per byte, the first in the low nibble) in blocks', async () => {
    const values = await dequantize((g) => {
      // Elements 1, 15, 8, 0 packed as 0xf1, 0x08; zero point 8, scales 1 and 0.5 per block of 2.
      const x = g.initializer('x', Uint8Array.of(0xf1, 0x08), [1, 4], 'uint4');
      const scale = g.initializer('s', Float32Array.of(1, 0.5), [1, 2]);
      const zero = g.initializer('z', Uint8Array.of(0x88), [1, 2], 'uint4');
      g.output(g.dequantizeLinear(x, scale, zero, { axis: 1, blockSize: 2 }), 'y');
    });
    expect(values).toEqual([-7, 7, 0, -4]);
  });

  it('passes gradients to the other operand of its consumer, none to the integer tensor', async () => {
    const result = await checkGradient((g, [a]) => {
      const w = g.dequantizeLinear(g.initializer('w', Int8Array.of(1, -2, 3, 4, -5, 6), [2, 3], 'int8'), g.initializer('s', Float32Array.of(0.1, 0.2), [2]), undefined, { axis: 0 });
      return g.matMul(a!, w);
    }, [randomInput('a', [3, 2], 1)], { dtype: 'float32' });
    expect(result).toMatchObject({ ok: true, failures: [], checked: 6 });
  });

  it('refuses a float input with GRAPH_DTYPE_MISMATCH', () => {
    const g = new GraphBuilder();
    expect(() => g.dequantizeLinear(g.input('x', 'float32', [2]), g.input('s', 'float32', []))).toThrow(expect.objectContaining({ code: 'GRAPH_DTYPE_MISMATCH' }));
  });
});
