import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { parseSafetensors, readSafetensors } from './safetensors-reader.js';
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
  it('reads stories260K with one zero-copy buffer', async () => {
    const path = join(STORIES_260K_DIR, 'model.safetensors');
    const { tensors, metadata } = await readSafetensors(path);
    expect(tensors.size).toBe(47);
    expect(metadata.format).toBe('pt');
    const embeddings = tensors.get('model.embed_tokens.weight')!;
    expect(embeddings.dtype).toBe('F32');
    expect(embeddings.shape).toEqual([512, 64]);
    const norm = tensors.get('model.norm.weight')!;
    // All F32 tensors share the file's one buffer: views, not copies.
    expect(norm.data.buffer).toBe(embeddings.data.buffer);
    // Values match the bytes on disk.
    const raw = await readFile(path);
    const headerLength = Number(raw.readBigUInt64LE(0));
    expect(embeddings.data[0]).toBe(raw.readFloatLE(8 + headerLength));
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
    expect(() => parseSafetensors(bytes, 'bad.safetensors')).toThrow(expect.objectContaining({ code: 'MODEL_DTYPE_UNSUPPORTED', message: expect.stringMatching(message) }));
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
