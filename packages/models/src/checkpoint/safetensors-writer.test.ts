import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { parseSafetensors, readSafetensors } from './safetensors-reader.js';
import { serializeSafetensors, tensorDataSizeBytes, writeSafetensors } from './safetensors-writer.js';
import type { WritableTensor } from './safetensors-writer.js';

function headerOf(bytes: Uint8Array): string {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return Buffer.from(bytes.subarray(8, 8 + length)).toString('utf8');
}

describe('serializeSafetensors', () => {
  it('writes byte for byte what the reference writer wrote for stories260K', async () => {
    const path = join(STORIES_260K_DIR, 'model.safetensors');
    const original = await readFile(path);
    const { tensors, metadata } = parseSafetensors(original, path);
    const rewritten = serializeSafetensors(tensors, { metadata });
    expect(Buffer.compare(Buffer.from(rewritten), original)).toBe(0);
  });

  it('orders by dtype like the reference (I64, F32, I32, BF16, F16), then by name; pads the header to 8 bytes', () => {
    const bytes = serializeSafetensors(
      new Map<string, WritableTensor>([
        ['b', { shape: [1], data: new Float32Array([1]) }],
        ['a', { shape: [1], data: new Float32Array([2]) }],
        ['half', { dtype: 'F16', shape: [1], data: new Float32Array([3]) }],
        ['brain', { dtype: 'BF16', shape: [1], data: new Float32Array([4]) }],
        ['ids', { shape: [2], data: new BigInt64Array([5n, 6n]) }],
        ['step', { shape: [], data: new Int32Array([7]) }],
        ['10', { shape: [1], data: new Float32Array([8]) }],
      ]),
      { metadata: { z: '1', format: 'pt' } },
    );
    const header = headerOf(bytes);
    expect((8 + header.length) % 8).toBe(0);
    expect(header.trimEnd()).toBe(
      '{"__metadata__":{"format":"pt","z":"1"},' +
        '"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},' +
        '"10":{"dtype":"F32","shape":[1],"data_offsets":[16,20]},' +
        '"a":{"dtype":"F32","shape":[1],"data_offsets":[20,24]},' +
        '"b":{"dtype":"F32","shape":[1],"data_offsets":[24,28]},' +
        '"step":{"dtype":"I32","shape":[],"data_offsets":[28,32]},' +
        '"brain":{"dtype":"BF16","shape":[1],"data_offsets":[32,34]},' +
        '"half":{"dtype":"F16","shape":[1],"data_offsets":[34,36]}}',
    );
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', z: '1' });
    expect(tensors.get('ids')).toEqual({ dtype: 'I64', shape: [2], data: new BigInt64Array([5n, 6n]) });
    expect(tensors.get('step')).toEqual({ dtype: 'I32', shape: [], data: new Int32Array([7]) });
    expect(tensors.get('half')).toEqual({ dtype: 'F16', shape: [1], data: new Float32Array([3]) });
    expect(tensors.get('brain')).toEqual({ dtype: 'BF16', shape: [1], data: new Float32Array([4]) });
  });

  it('is byte-stable through write, read, write, also for F16 and BF16', () => {
    const values = Float32Array.from({ length: 24 }, (_, index) => Math.sin(index) * 3);
    for (const floatDtype of ['F32', 'F16', 'BF16'] as const) {
      const first = serializeSafetensors({ w: { shape: [4, 6], data: values } }, { floatDtype, metadata: { format: 'pt' } });
      const read = parseSafetensors(first);
      const second = serializeSafetensors(read.tensors, { metadata: read.metadata });
      expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
      const tolerance = { F32: 0, F16: 2e-3, BF16: 1.6e-2 }[floatDtype];
      const decoded = read.tensors.get('w')!.data as Float32Array;
      values.forEach((value, index) => expect(Math.abs(decoded[index]! - value)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(value))));
    }
  });

  it('rejects data whose length does not match the shape, and mismatched dtypes', () => {
    expect(() => serializeSafetensors({ w: { shape: [2, 3], data: new Float32Array(5) } })).toThrow(
      expect.objectContaining({ code: 'MODEL_TENSOR_SHAPE_MISMATCH', message: expect.stringContaining("'w' has shape [2, 3] (6 elements) but 5 values") }),
    );
    expect(() => serializeSafetensors({ ids: { dtype: 'F32', shape: [1], data: new Int32Array(1) } })).toThrow(
      expect.objectContaining({ code: 'MODEL_DTYPE_UNSUPPORTED' }),
    );
  });

  it('counts the stored size for a sharded index', () => {
    expect(tensorDataSizeBytes({ a: { shape: [3], data: new Float32Array(3) }, b: { shape: [2], data: new BigInt64Array(2) } }, 'BF16')).toBe(6 + 16);
  });
});

describe('writeSafetensors', () => {
  it('writes a file that readSafetensors reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safetensors-'));
    try {
      const path = join(dir, 'nested', 'x.safetensors');
      await writeSafetensors(path, { x: { shape: [2], data: new Float32Array([1.5, -2]) } });
      const { tensors } = await readSafetensors(path);
      expect(tensors.get('x')).toEqual({ dtype: 'F32', shape: [2], data: new Float32Array([1.5, -2]) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
