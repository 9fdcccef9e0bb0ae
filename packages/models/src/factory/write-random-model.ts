import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic, type RunOptions } from '@causal-tune/core';
import { encodeBfloat16, encodeFloat16 } from '../checkpoint/float-conversion.js';
import { stableJson } from '../checkpoint/read-json-file.js';
import { copyTokenizerFiles } from '../checkpoint/save-model.js';
import { SAFETENSORS_INDEX_NAME, SAFETENSORS_WEIGHTS_NAME, planShards, shardIndexJson } from '../checkpoint/sharded-checkpoint.js';
import { writeSafetensorsStreamed, type TensorSpec } from '../checkpoint/safetensors-writer.js';
import { DTYPE_SIZE_BYTES, elementCount, type FloatDtype } from '../checkpoint/tensor.js';
import { toHfConfig } from '../config/parse-model-config.js';
import { countParameters, expectedWeights } from '../families/registry.js';
import { createModelConfig, initialTensorValues, type CreateModelOptions } from './create-tiny-model.js';

/** The progress task name of writing a random model. */
export const WRITE_MODEL_TASK = 'model-write';

/** Options of {@link writeRandomModel}. */
export interface WriteRandomModelOptions extends CreateModelOptions, RunOptions {
  /** Stored dtype of every weight (default F32); real checkpoints ship F16 or BF16. */
  readonly dtype?: FloatDtype;
  /** Shards of at most this many bytes with model.safetensors.index.json, as transformers writes them (it uses 5 GB). */
  readonly maxShardSizeBytes?: number;
  /** Copies this tokenizer directory's files next to the weights. */
  readonly tokenizerDir?: string;
}

/** What {@link writeRandomModel} wrote. */
export interface WrittenModel {
  readonly directory: string;
  readonly parameters: number;
  readonly sizeBytes: number;
  readonly files: readonly string[];
}

function encode(data: Float32Array, dtype: FloatDtype): Uint8Array {
  const stored = dtype === 'F32' ? data : dtype === 'F16' ? encodeFloat16(data) : encodeBfloat16(data);
  return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
}

/**
 * Writes a seeded random model of a preset shape as a Hugging Face directory, one tensor at a
 * time: any size (a LLaMA-7B shape is 13.5 GB in float16) is written holding one tensor in
 * memory. The values are those of `createTinyModel` with the same seed (each tensor its own
 * random stream), stored in `dtype`, sharded as huggingface_hub splits. Emits `task-*` progress
 * events counting tensors.
 *
 * @example
 * await writeRandomModel('/tmp/tinyllama-1.1b', { architecture: 'llama', preset: 'tinyllama-1.1b', dtype: 'F16', tokenizerDir: 'fixtures/models/stories260K' });
 */
export async function writeRandomModel(directory: string, options: WriteRandomModelOptions): Promise<WrittenModel> {
  const { dtype = 'F32', maxShardSizeBytes, tokenizerDir, onProgress, signal } = options;
  const absolute = resolve(directory);
  const config = createModelConfig(options);
  const shapes = expectedWeights(config);
  const seed = options.seed ?? 0;
  await mkdir(absolute, { recursive: true });
  const started = performance.now();
  onProgress?.({ type: 'task-start', task: WRITE_MODEL_TASK, total: shapes.size });
  const shards = planShards([...shapes].map(([name, shape]) => ({ name, sizeBytes: elementCount(shape) * DTYPE_SIZE_BYTES[dtype] })), maxShardSizeBytes);
  // The other layout's entry point must not linger (the reader prefers model.safetensors).
  await rm(join(absolute, shards.length === 1 ? SAFETENSORS_INDEX_NAME : SAFETENSORS_WEIGHTS_NAME), { force: true });
  let completed = 0;
  for (const shard of shards) {
    const specs: TensorSpec[] = shard.names.map((name) => ({ name, dtype, shape: shapes.get(name)! }));
    await writeSafetensorsStreamed(join(absolute, shard.file), specs, (spec) => {
      signal?.throwIfAborted();
      const bytes = encode(initialTensorValues(config, spec.name, spec.shape, seed), dtype);
      completed += 1;
      onProgress?.({ type: 'task-progress', task: WRITE_MODEL_TASK, completed, total: shapes.size });
      return bytes;
    }, { metadata: { format: 'pt' } });
  }
  const sizeBytes = shards.reduce((sum, shard) => sum + shard.sizeBytes, 0);
  const files = shards.map((shard) => shard.file);
  if (shards.length > 1) {
    await writeFileAtomic(join(absolute, SAFETENSORS_INDEX_NAME), shardIndexJson(shards, sizeBytes));
    files.push(SAFETENSORS_INDEX_NAME);
  }
  await writeFileAtomic(join(absolute, 'config.json'), stableJson({ ...toHfConfig(config), torch_dtype: dtype === 'F32' ? 'float32' : dtype === 'F16' ? 'float16' : 'bfloat16' }));
  files.unshift('config.json');
  if (tokenizerDir !== undefined) files.push(...(await copyTokenizerFiles(resolve(tokenizerDir), absolute)));
  onProgress?.({ type: 'task-end', task: WRITE_MODEL_TASK, durationMs: performance.now() - started });
  return { directory: absolute, parameters: countParameters(config), sizeBytes, files };
}
