import { readFile } from 'node:fs/promises';
import { ToolkitError } from '@causal-tune/core';
import { decodeBfloat16, decodeFloat16 } from './float-conversion.js';
import { DTYPE_SIZE_BYTES, SAFETENSORS_DTYPES, elementCount, formatShape } from './tensor.js';
import type { SafetensorsDtype, SafetensorsTensor } from './tensor.js';

// The format (huggingface/safetensors README and safetensors/src/tensor.rs): 8 bytes N (u64,
// little endian), N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]},
// "__metadata__"?: {string: string}}`, then the data buffer; offsets are relative to the buffer,
// and the tensors must tile it without gaps or overlaps (`Metadata::validate`).

/** Same limit as the Rust reader's MAX_HEADER_SIZE. */
const MAX_HEADER_SIZE_BYTES = 100_000_000;
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A parsed safetensors file: its tensors in file order and its `__metadata__`. */
export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

interface HeaderEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

function corrupt(source: string, problem: string, details: Record<string, unknown> = {}): ToolkitError {
  return new ToolkitError(
    'MODEL_DTYPE_UNSUPPORTED',
    `'${source}' is not a valid safetensors file: ${problem}. Re-export it with safetensors' save_file or transformers' save_pretrained.`,
    { details: { path: source, ...details } },
  );
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseHeaderEntry(source: string, name: string, raw: unknown): HeaderEntry {
  if (typeof raw !== 'object' || raw === null) throw corrupt(source, `the header entry of tensor '${name}' is not an object`, { tensor: name });
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(SAFETENSORS_DTYPES as readonly string[]).includes(dtype)) {
    throw new ToolkitError(
      'MODEL_DTYPE_UNSUPPORTED',
      `Tensor '${name}' in '${source}' has dtype ${JSON.stringify(dtype)}, but causal-tune reads only ${SAFETENSORS_DTYPES.join(', ')}. ` +
        'Convert the checkpoint to float32, float16 or bfloat16 (for example `model.float()` then save_pretrained).',
      { details: { path: source, tensor: name, dtype, supported: [...SAFETENSORS_DTYPES] } },
    );
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw corrupt(source, `tensor '${name}' has shape ${JSON.stringify(shape)}; expected a list of non-negative integers`, { tensor: name });
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw corrupt(source, `tensor '${name}' has data_offsets ${JSON.stringify(offsets)}; expected [begin, end]`, { tensor: name });
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin: offsets[0] as number, end: offsets[1] as number };
}

function parseHeader(bytes: Uint8Array, source: string): { entries: HeaderEntry[]; metadata: Record<string, string>; dataStart: number } {
  if (bytes.byteLength < 8) throw corrupt(source, `it has ${bytes.byteLength} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_SIZE_BYTES || 8 + headerLength > bytes.byteLength) {
    throw corrupt(source, `the header claims ${headerLength} bytes but the file has ${bytes.byteLength} bytes in all`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (cause) {
    throw corrupt(source, `its header is not UTF-8 JSON (${(cause as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corrupt(source, 'its header is not a JSON object');

  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || !Object.values(raw).every((value) => typeof value === 'string')) {
        throw corrupt(source, '__metadata__ must map strings to strings');
      }
      metadata = { ...(raw as Record<string, string>) };
    } else {
      entries.push(parseHeaderEntry(source, name, raw));
    }
  }
  return { entries, metadata, dataStart: 8 + headerLength };
}

/** Checks that the tensors tile the data buffer exactly and that each size matches its shape. */
function validateOffsets(entries: HeaderEntry[], dataLength: number, source: string): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const entry of entries) {
    const sizeBytes = elementCount(entry.shape) * DTYPE_SIZE_BYTES[entry.dtype];
    if (entry.begin !== expectedBegin || entry.end - entry.begin !== sizeBytes) {
      throw corrupt(
        source,
        `tensor '${entry.name}' (${entry.dtype} ${formatShape(entry.shape)}, ${sizeBytes} bytes) has data_offsets [${entry.begin}, ${entry.end}], ` +
          `but the previous tensor ends at ${expectedBegin}`,
        { tensor: entry.name, dataOffsets: [entry.begin, entry.end], expectedBegin, sizeBytes },
      );
    }
    expectedBegin = entry.end;
  }
  if (expectedBegin !== dataLength) {
    throw corrupt(source, `its tensors cover ${expectedBegin} bytes of data, but the file holds ${dataLength} (truncated or padded)`, {
      coveredBytes: expectedBegin,
      dataBytes: dataLength,
    });
  }
}

/** The bytes of one tensor, copied only when the typed-array view would be misaligned. */
function alignedBytes(bytes: Uint8Array, begin: number, end: number, alignment: number): Uint8Array {
  const slice = bytes.subarray(begin, end);
  return slice.byteOffset % alignment === 0 ? slice : slice.slice();
}

function decodeTensor(bytes: Uint8Array, entry: HeaderEntry, dataStart: number): SafetensorsTensor {
  const count = elementCount(entry.shape);
  const slice = alignedBytes(bytes, dataStart + entry.begin, dataStart + entry.end, DTYPE_SIZE_BYTES[entry.dtype]);
  const { buffer, byteOffset } = slice;
  switch (entry.dtype) {
    case 'F32':
      return { dtype: 'F32', shape: entry.shape, data: new Float32Array(buffer, byteOffset, count) };
    case 'F16':
      return { dtype: 'F16', shape: entry.shape, data: decodeFloat16(new Uint16Array(buffer, byteOffset, count)) };
    case 'BF16':
      return { dtype: 'BF16', shape: entry.shape, data: decodeBfloat16(new Uint16Array(buffer, byteOffset, count)) };
    case 'I32':
      return { dtype: 'I32', shape: entry.shape, data: new Int32Array(buffer, byteOffset, count) };
    case 'I64':
      return { dtype: 'I64', shape: entry.shape, data: new BigInt64Array(buffer, byteOffset, count) };
  }
}

/**
 * Parses safetensors bytes. F32, I32 and I64 tensors are zero-copy views into `bytes` where
 * their offset is aligned (always, for files whose header is padded to 8 bytes as the reference
 * writer does), so they keep `bytes` alive and see writes to it; F16 and BF16 become new
 * float32 arrays. Throws `MODEL_DTYPE_UNSUPPORTED` for a corrupt file or an unknown dtype,
 * naming the tensor.
 *
 * @param source names the bytes in messages, usually the file path.
 */
export function parseSafetensors(bytes: Uint8Array, source = '<buffer>'): SafetensorsFile {
  if (!IS_LITTLE_ENDIAN) {
    throw new ToolkitError('INTERNAL_ASSERTION', 'causal-tune reads safetensors (little endian) only on little-endian hosts.');
  }
  const { entries, metadata, dataStart } = parseHeader(bytes, source);
  validateOffsets(entries, bytes.byteLength - dataStart, source);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of entries) tensors.set(entry.name, decodeTensor(bytes, entry, dataStart));
  return { tensors, metadata };
}

/**
 * Reads a `.safetensors` file with one read into one buffer, then {@link parseSafetensors}.
 * A missing file is `MODEL_FILE_NOT_FOUND`.
 *
 * @example
 * const { tensors } = await readSafetensors('fixtures/models/stories260K/model.safetensors');
 * tensors.get('model.norm.weight'); // { dtype: 'F32', shape: [64], data: Float32Array(64) }
 */
export async function readSafetensors(path: string): Promise<SafetensorsFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ToolkitError(
      code === 'ENOENT' ? 'MODEL_FILE_NOT_FOUND' : 'MODEL_DTYPE_UNSUPPORTED',
      code === 'ENOENT' ? `Safetensors file '${path}' does not exist. Check the path.` : `Could not read '${path}': ${(cause as Error).message}`,
      { details: { path }, cause },
    );
  }
  return parseSafetensors(bytes, path);
}
