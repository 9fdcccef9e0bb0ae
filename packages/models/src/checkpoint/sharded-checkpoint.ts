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
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors as Record<string, WritableTensor>);
  const byName = new Map<string, WritableTensor>(entries);
  const shards = planShards(entries.map(([name, tensor]) => ({ name, sizeBytes: tensorDataSizeBytes(new Map([[name, tensor]]), writeOptions.floatDtype) })), maxShardSizeBytes);
  // The reader prefers model.safetensors, so the other layout's entry point must not linger.
  if (shards.length === 1) {
    await writeSafetensors(join(directory, SAFETENSORS_WEIGHTS_NAME), new Map(shards[0]!.names.map((name) => [name, byName.get(name)!])), writeOptions);
    await rm(join(directory, SAFETENSORS_INDEX_NAME), { force: true });
    return [SAFETENSORS_WEIGHTS_NAME];
  }
  await rm(join(directory, SAFETENSORS_WEIGHTS_NAME), { force: true });
  for (const shard of shards) await writeFileAtomic(join(directory, shard.file), serializeSafetensors(new Map(shard.names.map((name) => [name, byName.get(name)!])), writeOptions));
  const total = shards.reduce((sum, shard) => sum + shard.sizeBytes, 0);
  await writeFileAtomic(join(directory, SAFETENSORS_INDEX_NAME), shardIndexJson(shards, total));
  return [...shards.map((shard) => shard.file), SAFETENSORS_INDEX_NAME];
}

/** One shard of a checkpoint: its file name, tensors and data size. */
export interface ShardPlan {
  readonly file: string;
  readonly names: readonly string[];
  readonly sizeBytes: number;
}

/**
 * Splits tensors into shards as huggingface_hub's `split_torch_state_dict_into_shards` does: in
 * name order, a tensor that does not fit the current shard opens the next one (one larger than
 * the limit gets its own); one shard is `model.safetensors`, more are `model-0000i-of-0000n`.
 */
export function planShards(tensors: readonly { readonly name: string; readonly sizeBytes: number }[], maxShardSizeBytes = Infinity): ShardPlan[] {
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const groups: { names: string[]; sizeBytes: number }[] = [];
  let current = { names: [] as string[], sizeBytes: 0 };
  for (const { name, sizeBytes } of sorted) {
    if (current.names.length > 0 && current.sizeBytes + sizeBytes > maxShardSizeBytes) {
      groups.push(current);
      current = { names: [], sizeBytes: 0 };
    }
    current.names.push(name);
    current.sizeBytes += sizeBytes;
  }
  if (current.names.length > 0 || groups.length === 0) groups.push(current);
  const pad = (value: number): string => String(value).padStart(5, '0');
  return groups.map((group, index) => ({ ...group, file: groups.length === 1 ? SAFETENSORS_WEIGHTS_NAME : `model-${pad(index + 1)}-of-${pad(groups.length)}.safetensors` }));
}

/** `model.safetensors.index.json` of a sharded checkpoint. */
export function shardIndexJson(shards: readonly ShardPlan[], totalSizeBytes: number): string {
  const weightMap: Record<string, string> = {};
  for (const shard of shards) for (const name of shard.names) weightMap[name] = shard.file;
  return stableJson({ metadata: { total_size: totalSizeBytes }, weight_map: weightMap });
}
