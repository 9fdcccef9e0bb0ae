import { open, rename, rm } from 'node:fs/promises';
import { ToolkitError, writeFileAtomic } from '@causal-tune/core';
import { encodeBfloat16, encodeFloat16 } from './float-conversion.js';
import { DTYPE_SIZE_BYTES, elementCount, formatShape, isFloatDtype } from './tensor.js';
import type { FloatDtype, SafetensorsDtype } from './tensor.js';

/** A tensor to write: float32, int32 or int64 data; `dtype` chooses the stored type (default F32 for floats). */
export interface WritableTensor {
  readonly dtype?: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | BigInt64Array;
}

/** Named tensors to write, as a `Map` or a plain record. */
export type WritableTensors = ReadonlyMap<string, WritableTensor> | Readonly<Record<string, WritableTensor>>;

/** Options of {@link serializeSafetensors} and {@link writeSafetensors}. */
export interface SafetensorsWriteOptions {
  /** String pairs stored as `__metadata__` (keys sorted); transformers expects `{ format: 'pt' }`. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Stores every float tensor in this dtype, overriding each tensor's own `dtype`. */
  readonly floatDtype?: FloatDtype;
}

// Order of the reference writer (safetensors/src/tensor.rs `prepare`): descending dtype alignment,
// i.e. the order of its `Dtype` enum (F16 < BF16 < I32 < F32 < I64), then by name, byte-wise.
const DTYPE_ORDER: Readonly<Record<SafetensorsDtype, number>> = { F16: 0, BF16: 1, I32: 2, F32: 3, I64: 4 };

interface PreparedTensor {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function storedDtype(name: string, tensor: WritableTensor, floatDtype: FloatDtype | undefined): SafetensorsDtype {
  const { data } = tensor;
  if (data instanceof Float32Array) {
    const dtype = floatDtype ?? tensor.dtype ?? 'F32';
    if (isFloatDtype(dtype)) return dtype;
  } else if (data instanceof Int32Array && (tensor.dtype ?? 'I32') === 'I32') {
    return 'I32';
  } else if (data instanceof BigInt64Array && (tensor.dtype ?? 'I64') === 'I64') {
    return 'I64';
  }
  throw new ToolkitError(
    'MODEL_DTYPE_UNSUPPORTED',
    `Tensor '${name}' has dtype ${String(tensor.dtype)} but its data is a ${data.constructor.name}. ` +
      'Use a Float32Array for F32/F16/BF16, an Int32Array for I32 and a BigInt64Array for I64.',
    { details: { tensor: name, dtype: tensor.dtype, dataType: data.constructor.name } },
  );
}

function tensorBytes(dtype: SafetensorsDtype, data: WritableTensor['data']): Uint8Array {
  if (dtype === 'F16' || dtype === 'BF16') {
    const encoded = dtype === 'F16' ? encodeFloat16(data as Float32Array) : encodeBfloat16(data as Float32Array);
    return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function prepare(name: string, tensor: WritableTensor, floatDtype: FloatDtype | undefined): PreparedTensor {
  if (name === '' || name === '__metadata__') {
    throw new ToolkitError('MODEL_DTYPE_UNSUPPORTED', `'${name}' cannot name a tensor in a safetensors file. Rename the tensor.`, {
      details: { tensor: name },
    });
  }
  const expected = elementCount(tensor.shape);
  if (!tensor.shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0) || tensor.data.length !== expected) {
    throw new ToolkitError(
      'MODEL_TENSOR_SHAPE_MISMATCH',
      `Tensor '${name}' has shape ${formatShape(tensor.shape)} (${expected} elements) but ${tensor.data.length} values. ` +
        'Pass data with exactly as many values as the shape implies.',
      { details: { tensor: name, shape: [...tensor.shape], length: tensor.data.length } },
    );
  }
  const dtype = storedDtype(name, tensor, floatDtype);
  return { name, dtype, shape: tensor.shape, bytes: tensorBytes(dtype, tensor.data) };
}

function entriesOf(tensors: WritableTensors): [string, WritableTensor][] {
  return tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors as Record<string, WritableTensor>);
}

/** The JSON header, written key by key: a plain object would move integer-like names first. */
function headerJson(prepared: readonly TensorSpec[], offsets: readonly number[], metadata: Readonly<Record<string, string>> | undefined): string {
  const members: string[] = [];
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    const pairs = Object.keys(metadata)
      .sort(compareNames)
      .map((key) => `${JSON.stringify(key)}:${JSON.stringify(metadata[key])}`);
    members.push(`"__metadata__":{${pairs.join(',')}}`);
  }
  prepared.forEach((tensor, index) => {
    const info = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offsets[index], offsets[index + 1]] };
    members.push(`${JSON.stringify(tensor.name)}:${JSON.stringify(info)}`);
  });
  return `{${members.join(',')}}`;
}

/** A tensor's entry in a header before its bytes exist. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
}

/** The layout of a file: the tensors in the reference writer's order, their data offsets and the padded header. */
interface SafetensorsPlan {
  readonly order: readonly TensorSpec[];
  /** offsets[i] .. offsets[i + 1]: tensor i's bytes within the data buffer. */
  readonly offsets: readonly number[];
  /** The 8-byte length and the JSON, padded with spaces to a multiple of 8. */
  readonly header: Uint8Array;
}

function planSafetensors(specs: readonly TensorSpec[], metadata: Readonly<Record<string, string>> | undefined): SafetensorsPlan {
  const order = [...specs].sort((a, b) => DTYPE_ORDER[b.dtype] - DTYPE_ORDER[a.dtype] || compareNames(a.name, b.name));
  const offsets = [0];
  for (const spec of order) offsets.push(offsets[offsets.length - 1]! + elementCount(spec.shape) * DTYPE_SIZE_BYTES[spec.dtype]);
  const json = Buffer.from(headerJson(order, offsets, metadata), 'utf8');
  const headerLength = Math.ceil(json.byteLength / 8) * 8;
  const header = new Uint8Array(8 + headerLength).fill(0x20);
  new DataView(header.buffer).setBigUint64(0, BigInt(headerLength), true);
  header.set(json, 8);
  return { order, offsets, header };
}

/**
 * Serializes tensors to safetensors bytes exactly as huggingface/safetensors does: tensors
 * ordered by dtype then name, compact JSON header with `__metadata__` first, padded with spaces
 * to a multiple of 8 bytes so every tensor starts aligned. Same input, same bytes.
 */
export function serializeSafetensors(tensors: WritableTensors, options: SafetensorsWriteOptions = {}): Uint8Array {
  const prepared = new Map(entriesOf(tensors).map(([name, tensor]) => [name, prepare(name, tensor, options.floatDtype)] as const));
  const plan = planSafetensors([...prepared.values()], options.metadata);
  const output = new Uint8Array(plan.header.byteLength + plan.offsets[plan.offsets.length - 1]!);
  output.set(plan.header, 0);
  plan.order.forEach((spec, index) => output.set(prepared.get(spec.name)!.bytes, plan.header.byteLength + plan.offsets[index]!));
  return output;
}

/**
 * Writes a `.safetensors` file whose tensors are produced one at a time by `produce` (their bytes
 * in the file's dtype), so a file of any size is written holding one tensor in memory. The same
 * bytes as {@link serializeSafetensors}. Written under a temporary name, then renamed.
 */
export async function writeSafetensorsStreamed(path: string, specs: readonly TensorSpec[], produce: (spec: TensorSpec) => Uint8Array | Promise<Uint8Array>, options: Pick<SafetensorsWriteOptions, 'metadata'> = {}): Promise<void> {
  const plan = planSafetensors(specs, options.metadata);
  const temporary = `${path}.partial-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.write(plan.header, 0, plan.header.byteLength, 0);
    for (const [index, spec] of plan.order.entries()) {
      const bytes = await produce(spec);
      const expected = plan.offsets[index + 1]! - plan.offsets[index]!;
      if (bytes.byteLength !== expected) {
        throw new ToolkitError('MODEL_TENSOR_SHAPE_MISMATCH', `Tensor '${spec.name}' (${spec.dtype} ${formatShape(spec.shape)}) needs ${expected} bytes, but ${bytes.byteLength} were produced.`, { details: { tensor: spec.name } });
      }
      const position = plan.header.byteLength + plan.offsets[index]!;
      for (let written = 0; written < bytes.byteLength; ) {
        const { bytesWritten } = await handle.write(bytes, written, Math.min(bytes.byteLength - written, 1 << 30), position + written);
        written += bytesWritten;
      }
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}

/** Size in bytes the data of these tensors takes on disk (the `total_size` of a sharded index). */
export function tensorDataSizeBytes(tensors: WritableTensors, floatDtype?: FloatDtype): number {
  return entriesOf(tensors).reduce((total, [name, tensor]) => total + elementCount(tensor.shape) * DTYPE_SIZE_BYTES[storedDtype(name, tensor, floatDtype)], 0);
}

/**
 * Writes tensors as a `.safetensors` file, atomically (temporary file, then rename).
 *
 * @example
 * await writeSafetensors('out/model.safetensors', { 'lm_head.weight': { shape: [2, 3], data: new Float32Array(6) } }, { metadata: { format: 'pt' } });
 */
export async function writeSafetensors(path: string, tensors: WritableTensors, options: SafetensorsWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, serializeSafetensors(tensors, options));
}
