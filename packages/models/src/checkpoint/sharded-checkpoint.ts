import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolkitError, parseWithSchema, writeFileAtomic } from '@causal-tune/core';
import { z } from 'zod';
import { readJsonFile, stableJson } from './read-json-file.js';
import { openSafetensors, readTensor } from './safetensors-reader.js';
import type { SafetensorsFile, TensorLocation } from './safetensors-reader.js';
import { serializeSafetensors, tensorDataSizeBytes, writeSafetensors } from './safetensors-writer.js';
import type { SafetensorsWriteOptions, WritableTensor, WritableTensors } from './safetensors-writer.js';
import type { SafetensorsTensor } from './tensor.js';

/** File name of a single-file checkpoint (transformers' SAFE_WEIGHTS_NAME). */
export const SAFETENSORS_WEIGHTS_NAME = 'model.safetensors';

/** File name of a sharded checkpoint's index (transformers' SAFE_WEIGHTS_INDEX_NAME). */
export const SAFETENSORS_INDEX_NAME = 'model.safetensors.index.json';

/** `model.safetensors.index.json`: which shard file holds each tensor. */
export const safetensorsIndexSchema = z.object({
  metadata: z.record(z.string(), z.unknown()).default({}).describe('Free-form; transformers writes { total_size } (bytes of tensor data).'),
  weight_map: z
    .record(z.string(), z.string().regex(/^[^/\\]+\.safetensors$/, 'must be a .safetensors file name in the same directory'))
    .describe('Tensor name -> shard file name.'),
});

/** A parsed {@link safetensorsIndexSchema}. */
export type SafetensorsIndex = z.output<typeof safetensorsIndexSchema>;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Where every tensor of a model directory's weights lies, across its files. */
export interface CheckpointLayout {
  readonly tensors: ReadonlyMap<string, TensorLocation>;
  readonly metadata: Readonly<Record<string, string>>;
  /** The weight files (the index first when sharded), absolute. */
  readonly files: readonly string[];
  /** Bytes of tensor data in all shards. */
  readonly sizeBytes: number;
}

/**
 * Reads a sharded checkpoint's index and every shard's header (no tensor data), then checks that
 * each tensor of the `weight_map` is in the shard it names (`MODEL_TENSOR_MISSING` otherwise) and
 * that no tensor is in two shards (`MODEL_FILE_CORRUPT`).
 */
export async function openShardedSafetensors(indexPath: string, directory: string): Promise<CheckpointLayout> {
  const index = parseWithSchema(
    safetensorsIndexSchema,
    await readJsonFile(indexPath, 'Point to a directory with model.safetensors or model.safetensors.index.json.'),
    `The sharded checkpoint index '${indexPath}'`,
  );
  const tensors = new Map<string, TensorLocation>();
  const metadata: Record<string, string> = {};
  const files = [indexPath];
  let sizeBytes = 0;
  for (const shard of [...new Set(Object.values(index.weight_map))].sort()) {
    const shardPath = join(directory, shard);
    if (!(await exists(shardPath))) {
      throw new ToolkitError('MODEL_FILE_NOT_FOUND', `Shard '${shard}' listed in '${indexPath}' does not exist. Copy every shard of the checkpoint.`, {
        details: { path: shardPath, index: indexPath },
      });
    }
    const layout = await openSafetensors(shardPath);
    files.push(shardPath);
    Object.assign(metadata, layout.metadata);
    for (const [name, location] of layout.tensors) {
      if (tensors.has(name)) {
        throw new ToolkitError('MODEL_FILE_CORRUPT', `Tensor '${name}' appears in more than one shard of '${indexPath}' (again in '${shard}'). Re-shard the checkpoint.`, {
          details: { tensor: name, shard },
        });
      }
      tensors.set(name, location);
      sizeBytes += location.length;
    }
  }
  for (const [name, shard] of Object.entries(index.weight_map)) {
    if (!tensors.has(name)) {
      throw new ToolkitError('MODEL_TENSOR_MISSING', `Tensor '${name}' is listed in '${indexPath}' under '${shard}', but that shard does not contain it. Re-download or re-save the checkpoint.`, {
        details: { tensor: name, shard, index: indexPath },
      });
    }
  }
  return { tensors, metadata, files, sizeBytes };
}

/**
 * Where the weights of a Hugging Face model directory lie: `model.safetensors`, else the shards of
 * `model.safetensors.index.json`. Reads headers only. Neither present is `MODEL_FILE_NOT_FOUND`.
 */
export async function openCheckpointTensors(directory: string): Promise<CheckpointLayout> {
  const single = join(directory, SAFETENSORS_WEIGHTS_NAME);
  if (await exists(single)) {
    const layout = await openSafetensors(single);
    const sizeBytes = [...layout.tensors.values()].reduce((sum, location) => sum + location.length, 0);
    return { tensors: layout.tensors, metadata: layout.metadata, files: [single], sizeBytes };
  }
  const indexPath = join(directory, SAFETENSORS_INDEX_NAME);
  if (await exists(indexPath)) return openShardedSafetensors(indexPath, directory);
  const hasPickle = await exists(join(directory, 'pytorch_model.bin'));
  throw new ToolkitError(
    'MODEL_FILE_NOT_FOUND',
    `'${directory}' has neither ${SAFETENSORS_WEIGHTS_NAME} nor ${SAFETENSORS_INDEX_NAME}. ` +
      (hasPickle
        ? 'It has pytorch_model.bin, which causal-tune does not read (pickle is unsafe): convert it with `model.save_pretrained(dir, safe_serialization=True)`.'
        : 'Point to a Hugging Face model directory, or create one with `ctune model init`.'),
    { details: { path: directory, expected: [SAFETENSORS_WEIGHTS_NAME, SAFETENSORS_INDEX_NAME] } },
  );
}

/**
 * Reads every tensor of a model directory's weights (single file or shards), each from its own
 * offset. For small models and tools; large models are opened with {@link openCheckpointTensors}.
 */
export async function readCheckpointTensors(directory: string): Promise<SafetensorsFile & { readonly files: readonly string[] }> {
  const layout = await openCheckpointTensors(directory);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, location] of layout.tensors) tensors.set(name, await readTensor(location));
  return { tensors, metadata: layout.metadata, files: layout.files };
}

/** Options of {@link writeCheckpointTensors}. */
export interface CheckpointWriteOptions extends SafetensorsWriteOptions {
  /** Largest shard in bytes of tensor data; more data than this is split into shards with an index. */
  readonly maxShardSizeBytes?: number;
}

/**
 * Writes tensors into a model directory: one `model.safetensors`, or, when they exceed
 * `maxShardSizeBytes`, `model-0000i-of-0000n.safetensors` shards plus the index, split as
 * huggingface_hub's `split_torch_state_dict_into_shards` does (in name order: a tensor that does
 * not fit the current shard opens the next one; one larger than the limit gets its own).
 *
 * @returns the file names written.
 */
export async function writeCheckpointTensors(directory: string, tensors: WritableTensors, options: CheckpointWriteOptions = {}): Promise<string[]> {
  const { maxShardSizeBytes = Infinity, ...writeOptions } = options;
  const entries = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors as Record<string, WritableTensor>)).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const shards: [string, WritableTensor][][] = [];
  let current: [string, WritableTensor][] = [];
  let currentSize = 0;
  for (const entry of entries) {
    const size = tensorDataSizeBytes(new Map([entry]), writeOptions.floatDtype);
    if (current.length > 0 && currentSize + size > maxShardSizeBytes) {
      shards.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(entry);
    currentSize += size;
  }
  if (current.length > 0 || shards.length === 0) shards.push(current);

  // The reader prefers model.safetensors, so the other layout's entry point must not linger.
  if (shards.length === 1) {
    await writeSafetensors(join(directory, SAFETENSORS_WEIGHTS_NAME), new Map(shards[0]), writeOptions);
    await rm(join(directory, SAFETENSORS_INDEX_NAME), { force: true });
    return [SAFETENSORS_WEIGHTS_NAME];
  }
  await rm(join(directory, SAFETENSORS_WEIGHTS_NAME), { force: true });
  const pad = (value: number): string => String(value).padStart(5, '0');
  const names = shards.map((_, index) => `model-${pad(index + 1)}-of-${pad(shards.length)}.safetensors`);
  const weightMap: Record<string, string> = {};
  for (const [index, shard] of shards.entries()) {
    for (const [name] of shard) weightMap[name] = names[index]!;
    await writeFileAtomic(join(directory, names[index]!), serializeSafetensors(new Map(shard), writeOptions));
  }
  const index = { metadata: { total_size: tensorDataSizeBytes(tensors, writeOptions.floatDtype) }, weight_map: weightMap };
  await writeFileAtomic(join(directory, SAFETENSORS_INDEX_NAME), stableJson(index));
  return [...names, SAFETENSORS_INDEX_NAME];
}
