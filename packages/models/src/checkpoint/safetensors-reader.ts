import { open, type FileHandle } from 'node:fs/promises';
import { ToolkitError } from '@causal-tune/core';
import { decodeBfloat16, decodeFloat16 } from './float-conversion.js';
import { corruptSafetensors, headerLengthOf, parseSafetensorsHeader, type HeaderEntry } from './safetensors-header.js';
import { DTYPE_SIZE_BYTES, elementCount } from './tensor.js';
import type { SafetensorsDtype, SafetensorsTensor } from './tensor.js';

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One read call moves at most this many bytes (Node refuses single reads past 2 GiB). */
const READ_CHUNK_BYTES = 1 << 30;

/** A parsed safetensors file: its tensors in file order and its `__metadata__`. */
export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Where one tensor's bytes lie: the file, the dtype and shape, and the absolute byte range. */
export interface TensorLocation {
  readonly path: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Absolute offset of the first byte in the file (any size: offsets past 4 GiB are exact). */
  readonly offset: number;
  readonly length: number;
}

/** A safetensors file's header: every tensor's location, without reading any tensor. */
export interface SafetensorsLayout {
  readonly path: string;
  readonly tensors: ReadonlyMap<string, TensorLocation>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly sizeBytes: number;
}

function assertLittleEndian(): void {
  if (!IS_LITTLE_ENDIAN) throw new ToolkitError('INTERNAL_ASSERTION', 'causal-tune reads safetensors (little endian) only on little-endian hosts.');
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ToolkitError('MODEL_FILE_NOT_FOUND', `Safetensors file '${path}' does not exist. Check the path.`, { details: { path }, cause });
    throw new ToolkitError('MODEL_FILE_UNREADABLE', `Could not open '${path}': ${(cause as Error).message}. Check its permissions.`, { details: { path, errno: code }, cause });
  }
}

/** Reads `length` bytes at `position` into `target`, in chunks; a short file is MODEL_FILE_CORRUPT. */
async function readExactly(handle: FileHandle, target: Uint8Array, position: number, path: string): Promise<void> {
  let done = 0;
  while (done < target.byteLength) {
    const size = Math.min(READ_CHUNK_BYTES, target.byteLength - done);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(target, done, size, position + done));
    } catch (cause) {
      throw new ToolkitError('MODEL_FILE_UNREADABLE', `Reading ${size} bytes at offset ${position + done} of '${path}' failed: ${(cause as Error).message}.`, { details: { path, offset: position + done }, cause });
    }
    if (bytesRead === 0) throw corruptSafetensors(path, `it ends at ${position + done} bytes, before the ${target.byteLength} bytes at offset ${position} were read`);
    done += bytesRead;
  }
}

/**
 * Reads the header of a `.safetensors` file (its first 8 + N bytes) and returns where every
 * tensor lies, checked against the file's size. Reads no tensor data, so files of any size
 * open in milliseconds. `MODEL_FILE_NOT_FOUND`, `MODEL_FILE_UNREADABLE`, `MODEL_FILE_CORRUPT`
 * or `MODEL_DTYPE_UNSUPPORTED`, naming the file (and tensor).
 */
export async function openSafetensors(path: string): Promise<SafetensorsLayout> {
  assertLittleEndian();
  const handle = await openForReading(path);
  try {
    const { size } = await handle.stat();
    const prefix = new Uint8Array(8);
    if (size >= 8) await readExactly(handle, prefix, 0, path);
    const headerLength = headerLengthOf(prefix, size, path);
    const json = new Uint8Array(headerLength);
    await readExactly(handle, json, 8, path);
    const header = parseSafetensorsHeader(json, size - 8 - headerLength, path);
    const tensors = new Map<string, TensorLocation>();
    for (const entry of header.entries) tensors.set(entry.name, locationOf(path, entry, header.dataStart));
    return { path, tensors, metadata: header.metadata, sizeBytes: size };
  } finally {
    await handle.close();
  }
}

function locationOf(path: string, entry: HeaderEntry, dataStart: number): TensorLocation {
  return { path, dtype: entry.dtype, shape: entry.shape, offset: dataStart + entry.begin, length: entry.end - entry.begin };
}

/** Decodes a tensor's little-endian bytes; F16 and BF16 become float32. `bytes` must be aligned to the element size. */
export function decodeTensorBytes(dtype: SafetensorsDtype, shape: readonly number[], bytes: Uint8Array): SafetensorsTensor {
  const count = elementCount(shape);
  const { buffer, byteOffset } = bytes;
  switch (dtype) {
    case 'F32':
      return { dtype, shape, data: new Float32Array(buffer, byteOffset, count) };
    case 'F16':
      return { dtype, shape, data: decodeFloat16(new Uint16Array(buffer, byteOffset, count)) };
    case 'BF16':
      return { dtype, shape, data: decodeBfloat16(new Uint16Array(buffer, byteOffset, count)) };
    case 'I32':
      return { dtype, shape, data: new Int32Array(buffer, byteOffset, count) };
    case 'I64':
      return { dtype, shape, data: new BigInt64Array(buffer, byteOffset, count) };
  }
}

/** The raw bytes of `byteLength` bytes at `offset` of a tensor's file, in a fresh aligned buffer. */
export async function readTensorBytes(location: TensorLocation, offset = 0, byteLength = location.length): Promise<Uint8Array> {
  const handle = await openForReading(location.path);
  try {
    const bytes = new Uint8Array(byteLength);
    await readExactly(handle, bytes, location.offset + offset, location.path);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Reads one tensor from its file (only its bytes) and decodes it. */
export async function readTensor(location: TensorLocation): Promise<SafetensorsTensor> {
  return decodeTensorBytes(location.dtype, location.shape, await readTensorBytes(location));
}

/**
 * Parses safetensors bytes already in memory (adapter files, tests). F32, I32 and I64 tensors are
 * zero-copy views into `bytes` where their offset is aligned, copies otherwise; F16 and BF16
 * become new float32 arrays. Throws `MODEL_FILE_CORRUPT` for a corrupt file and
 * `MODEL_DTYPE_UNSUPPORTED` for an unknown dtype, naming the tensor.
 *
 * @param source names the bytes in messages, usually the file path.
 */
export function parseSafetensors(bytes: Uint8Array, source = '<buffer>'): SafetensorsFile {
  assertLittleEndian();
  const headerLength = headerLengthOf(bytes, bytes.byteLength, source);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + headerLength), bytes.byteLength - 8 - headerLength, source);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of header.entries) {
    const slice = bytes.subarray(header.dataStart + entry.begin, header.dataStart + entry.end);
    const aligned = slice.byteOffset % DTYPE_SIZE_BYTES[entry.dtype] === 0 ? slice : slice.slice();
    tensors.set(entry.name, decodeTensorBytes(entry.dtype, entry.shape, aligned));
  }
  return { tensors, metadata: header.metadata };
}

/**
 * Reads a `.safetensors` file tensor by tensor, each from its own offset into its own buffer:
 * no buffer ever holds the whole file, so files past Node's 2 GiB read limit load as long as
 * each tensor fits memory. For large models prefer {@link openSafetensors}, which reads nothing.
 *
 * @example
 * const { tensors } = await readSafetensors('fixtures/models/stories260K/model.safetensors');
 * tensors.get('model.norm.weight'); // { dtype: 'F32', shape: [64], data: Float32Array(64) }
 */
export async function readSafetensors(path: string): Promise<SafetensorsFile> {
  const layout = await openSafetensors(path);
  const tensors = new Map<string, SafetensorsTensor>();
  const handle = await openForReading(path);
  try {
    for (const [name, location] of layout.tensors) {
      const bytes = new Uint8Array(location.length);
      await readExactly(handle, bytes, location.offset, path);
      tensors.set(name, decodeTensorBytes(location.dtype, location.shape, bytes));
    }
  } finally {
    await handle.close();
  }
  return { tensors, metadata: layout.metadata };
}
