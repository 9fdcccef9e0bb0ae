import { mkdtemp, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { openSafetensors, parseSafetensors, readSafetensors, readTensor } from './safetensors-reader.js';
import { serializeSafetensors } from './safetensors-writer.js';

/** Builds a file from a raw header object and data bytes, without the writer's checks. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(), headerText = JSON.stringify(header)): Uint8Array {
  const json = Buffer.from(headerText, 'utf8');
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

describe('readSafetensors', () => {
  it('reads stories260K tensor by tensor, each into its own buffer', async () => {
    const path = join(STORIES_260K_DIR, 'model.safetensors');
    const { tensors, metadata } = await readSafetensors(path);
    expect(tensors.size).toBe(47);
    expect(metadata.format).toBe('pt');
    const embeddings = tensors.get('model.embed_tokens.weight')!;
    expect(embeddings.dtype).toBe('F32');
    expect(embeddings.shape).toEqual([512, 64]);
    const norm = tensors.get('model.norm.weight')!;
    // No buffer holds the whole file: each tensor has its own, exactly its size.
    expect(norm.data.buffer).not.toBe(embeddings.data.buffer);
    expect(embeddings.data.buffer.byteLength).toBe(512 * 64 * 4);
    // Values match the bytes on disk.
    const raw = await readFile(path);
    const headerLength = Number(raw.readBigUInt64LE(0));
    expect(embeddings.data[0]).toBe(raw.readFloatLE(8 + headerLength));
  });

  it('opens a file by its header alone and reads one tensor at its offset', async () => {
    const path = join(STORIES_260K_DIR, 'model.safetensors');
    const layout = await openSafetensors(path);
    expect(layout.sizeBytes).toBe((await stat(path)).size);
    const location = layout.tensors.get('model.layers.4.self_attn.k_proj.weight')!;
    expect(location).toMatchObject({ path, dtype: 'F32', shape: [32, 64], length: 32 * 64 * 4 });
    const tensor = await readTensor(location);
    expect(tensor.data).toEqual((await readSafetensors(path)).tensors.get('model.layers.4.self_attn.k_proj.weight')!.data);
  });

  it('reads a tensor that lies past 4 GiB in a sparse file (no 2 or 4 GiB limit on offsets)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safetensors-sparse-'));
    try {
      // A 4.5 GiB F16 filler (never read), then a small F32 tensor beyond 4 GiB.
      const fillerBytes = 4.5 * 1024 ** 3;
      const header = JSON.stringify({ filler: { dtype: 'F16', shape: [fillerBytes / 2], data_offsets: [0, fillerBytes] }, far: { dtype: 'F32', shape: [2, 2], data_offsets: [fillerBytes, fillerBytes + 16] } });
      const json = Buffer.from(header.padEnd(Math.ceil(header.length / 8) * 8, ' '), 'utf8');
      const prefix = Buffer.alloc(8);
      prefix.writeBigUInt64LE(BigInt(json.length));
      const path = join(dir, 'model.safetensors');
      await writeFile(path, Buffer.concat([prefix, json]));
      const dataStart = 8 + json.length;
      await truncate(path, dataStart + fillerBytes + 16);
      const handle = await open(path, 'r+');
      await handle.write(Buffer.from(Float32Array.of(1.5, -2, 3.25, 4).buffer), 0, 16, dataStart + fillerBytes);
      await handle.close();
      const layout = await openSafetensors(path);
      const far = layout.tensors.get('far')!;
      expect(far.offset).toBe(dataStart + fillerBytes);
      expect(far.offset).toBeGreaterThan(2 ** 32);
      expect(Array.from((await readTensor(far)).data as Float32Array)).toEqual([1.5, -2, 3.25, 4]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names a file truncated after its header was written (MODEL_FILE_CORRUPT)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safetensors-short-'));
    try {
      const path = join(dir, 'model.safetensors');
      const bytes = serializeSafetensors({ a: { shape: [4], data: new Float32Array(4) } });
      await writeFile(path, bytes.subarray(0, bytes.length - 4));
      await expect(openSafetensors(path)).rejects.toMatchObject({ code: 'MODEL_FILE_CORRUPT', message: expect.stringContaining(path) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('copies a tensor whose offset is not aligned instead of failing', () => {
    // A 5-byte header puts the data at offset 13, misaligned for float32.
    const header = '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const data = new Uint8Array(new Float32Array([2.5]).buffer);
    const { tensors } = parseSafetensors(rawFile(undefined, data, header));
    expect(tensors.get('x')!.data).toEqual(new Float32Array([2.5]));
  });

  it('names a missing file', async () => {
    await expect(readSafetensors('/nonexistent/model.safetensors')).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND' });
  });
});

describe('parseSafetensors rejects corrupt files with a coded error naming the problem', () => {
  const good = serializeSafetensors({ a: { shape: [2], data: new Float32Array(2) }, b: { shape: [1], data: new Float32Array(1) } });

  it.each([
    ['a file shorter than 8 bytes', new Uint8Array(3), /fewer than the 8-byte header length/],
    ['a header longer than the file', good.slice(0, 20), /header claims \d+ bytes/],
    ['a header that is not JSON', rawFile(undefined, undefined, '{"a": nope}'), /not UTF-8 JSON/],
    ['a header that is an array', rawFile([]), /not a JSON object/],
    ['metadata that is not strings', rawFile({ __metadata__: { n: 1 } }), /__metadata__ must map strings to strings/],
    ['a bad shape', rawFile({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }), /tensor 'a' has shape \[-1\]/],
    ['bad offsets', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }), /tensor 'a' has data_offsets \[0\]/],
    ['a size that does not match the shape', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor 'a' \(F32 \[2\], 8 bytes\)/],
    ['a gap between tensors', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), /previous tensor ends at 0/],
    ['trailing bytes', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)), /cover 4 bytes of data, but the file holds 8/],
    ['a truncated data buffer', good.slice(0, good.length - 4), /cover 12 bytes of data, but the file holds 8/],
  ])('%s', (_, bytes, message) => {
    expect(() => parseSafetensors(bytes, 'bad.safetensors')).toThrow(expect.objectContaining({ code: 'MODEL_FILE_CORRUPT', message: expect.stringMatching(message) }));
  });

  it('names the tensor and the dtype it cannot read', () => {
    const bytes = rawFile({ 'lm_head.weight': { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8));
    expect(() => parseSafetensors(bytes, 'x.safetensors')).toThrow(
      expect.objectContaining({
        code: 'MODEL_DTYPE_UNSUPPORTED',
        message: expect.stringContaining(`Tensor 'lm_head.weight' in 'x.safetensors' has dtype "F64", but causal-tune reads only F32, F16, BF16, I64, I32`),
      }),
    );
  });
});
