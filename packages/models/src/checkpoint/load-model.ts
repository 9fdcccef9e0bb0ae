import { resolve } from 'node:path';
import { ToolkitError } from '@causal-tune/core';
import type { RunOptions } from '@causal-tune/core';
import { loadModelConfig } from '../config/parse-model-config.js';
import type { ModelCheckpoint } from './model-weights.js';
import { validateModelWeights } from './model-weights.js';
import { readCheckpointTensors } from './sharded-checkpoint.js';

const TASK = 'model-load';

/**
 * Loads a Hugging Face model directory: config.json (normalised into a `ModelConfig`) and
 * model.safetensors or its shards, with every tensor checked against the architecture's weight
 * map. F32 weights are views into the file's buffer; F16/BF16 are converted to float32.
 *
 * Throws `MODEL_FILE_NOT_FOUND` (no config.json or weights), `MODEL_ARCHITECTURE_UNSUPPORTED`,
 * `CONFIG_INVALID`, `MODEL_TENSOR_MISSING`, `MODEL_TENSOR_SHAPE_MISMATCH` or
 * `MODEL_DTYPE_UNSUPPORTED`, each naming the file or tensor.
 *
 * @example
 * const { config, weights } = await loadModel('fixtures/models/stories260K');
 * config.numKeyValueHeads; // 4
 * weights.get('model.norm.weight')?.shape; // [64]
 */
export async function loadModel(directory: string, options: RunOptions = {}): Promise<ModelCheckpoint> {
  const { logger, onProgress, signal } = options;
  const started = Date.now();
  const absolute = resolve(directory);
  onProgress?.({ type: 'task-start', task: TASK });
  const config = await loadModelConfig(absolute);
  if (signal?.aborted) throw new ToolkitError('ABORTED', `Loading '${absolute}' was aborted.`, { details: { path: absolute } });
  const { tensors } = await readCheckpointTensors(absolute);
  const weights = validateModelWeights(config, tensors, { source: `'${absolute}'`, ...(logger === undefined ? {} : { logger }) });
  logger?.debug('Model loaded.', { path: absolute, architecture: config.architecture, tensors: weights.size });
  onProgress?.({ type: 'task-end', task: TASK, durationMs: Date.now() - started });
  return { config, weights };
}
