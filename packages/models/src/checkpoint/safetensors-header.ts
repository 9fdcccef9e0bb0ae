import { ToolkitError } from '@causal-tune/core';
import { DTYPE_SIZE_BYTES, SAFETENSORS_DTYPES, elementCount, formatShape } from './tensor.js';
import type { SafetensorsDtype } from './tensor.js';

// The format (huggingface/safetensors README and safetensors/src/tensor.rs): 8 bytes N (u64,
// little endian), N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]},
// "__metadata__"?: {string: string}}`, then the data buffer; offsets are relative to the buffer,
// and the tensors must tile it without gaps or overlaps (`Metadata::validate`).

/** Same limit as the Rust reader's MAX_HEADER_SIZE. */
export const MAX_HEADER_SIZE_BYTES = 100_000_000;

/** One tensor of a header: offsets relative to the data buffer, which starts at `dataStart`. */
export interface HeaderEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** A parsed and validated header. */
export interface SafetensorsHeader {
  /** Tensors in file order (by offset). */
  readonly entries: readonly HeaderEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  /** Absolute offset of the data buffer: 8 + the header length. */
  readonly dataStart: number;
}

/** The coded error of a file that breaks the format. */
export function corruptSafetensors(source: string, problem: string, details: Record<string, unknown> = {}): ToolkitError {
  return new ToolkitError(
    'MODEL_FILE_CORRUPT',
    `'${source}' is not a valid safetensors file: ${problem}. Re-export it with safetensors' save_file or transformers' save_pretrained.`,
    { details: { path: source, ...details } },
  );
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseHeaderEntry(source: string, name: string, raw: unknown): HeaderEntry {
  if (typeof raw !== 'object' || raw === null) throw corruptSafetensors(source, `the header entry of tensor '${name}' is not an object`, { tensor: name });
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
    throw corruptSafetensors(source, `tensor '${name}' has shape ${JSON.stringify(shape)}; expected a list of non-negative integers`, { tensor: name });
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw corruptSafetensors(source, `tensor '${name}' has data_offsets ${JSON.stringify(offsets)}; expected [begin, end]`, { tensor: name });
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin: offsets[0] as number, end: offsets[1] as number };
}

/**
 * The length of the JSON header from the file's first 8 bytes, checked against the file size.
 * Numbers past 2^53 cannot be a real header and are refused.
 */
export function headerLengthOf(prefix: Uint8Array, fileSizeBytes: number, source: string): number {
  if (fileSizeBytes < 8 || prefix.byteLength < 8) throw corruptSafetensors(source, `it has ${fileSizeBytes} bytes, fewer than the 8-byte header length`);
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_SIZE_BYTES) || 8 + Number(length) > fileSizeBytes) {
    throw corruptSafetensors(source, `the header claims ${length} bytes but the file has ${fileSizeBytes} bytes in all`);
  }
  return Number(length);
}

/**
 * Parses the JSON header and checks that the tensors tile the data buffer of `dataLength` bytes
 * exactly and that each size matches its dtype and shape. Throws `MODEL_FILE_CORRUPT` naming the
 * problem and the tensor, or `MODEL_DTYPE_UNSUPPORTED` for a dtype causal-tune does not read.
 */
export function parseSafetensorsHeader(json: Uint8Array, dataLength: number, source: string): SafetensorsHeader {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (cause) {
    throw corruptSafetensors(source, `its header is not UTF-8 JSON (${(cause as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corruptSafetensors(source, 'its header is not a JSON object');
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || !Object.values(raw).every((value) => typeof value === 'string')) {
        throw corruptSafetensors(source, '__metadata__ must map strings to strings');
      }
      metadata = { ...(raw as Record<string, string>) };
    } else {
      entries.push(parseHeaderEntry(source, name, raw));
    }
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const entry of entries) {
    const sizeBytes = elementCount(entry.shape) * DTYPE_SIZE_BYTES[entry.dtype];
    if (entry.begin !== expectedBegin || entry.end - entry.begin !== sizeBytes) {
      throw corruptSafetensors(
        source,
        `tensor '${entry.name}' (${entry.dtype} ${formatShape(entry.shape)}, ${sizeBytes} bytes) has data_offsets [${entry.begin}, ${entry.end}], ` +
          `but the previous tensor ends at ${expectedBegin}`,
        { tensor: entry.name, dataOffsets: [entry.begin, entry.end], expectedBegin, sizeBytes },
      );
    }
    expectedBegin = entry.end;
  }
  if (expectedBegin !== dataLength) {
    throw corruptSafetensors(source, `its tensors cover ${expectedBegin} bytes of data, but the file holds ${dataLength} (truncated or padded)`, {
      coveredBytes: expectedBegin,
      dataBytes: dataLength,
    });
  }
  return { entries, metadata, dataStart: 8 + json.byteLength };
}
