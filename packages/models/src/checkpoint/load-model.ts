import { ToolkitError } from '@causal-tune/core';
import type { RunOptions } from '@causal-tune/core';
import type { ModelCheckpoint } from './model-weights.js';
import { openModel } from './open-model.js';
import type { FloatTensor } from './tensor.js';

const TASK = 'model-load';

/**
 * Loads a Hugging Face model directory: config.json (normalised into a `ModelConfig`) and
 * model.safetensors or its shards, with every tensor checked against the architecture's weight
 * map, every weight read into float32 (F16/BF16 converted), one tensor at a time. For small
 * models, tools and tests: real sizes are opened with `openModel` and never read whole.
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
  onProgress?.({ type: 'task-start', task: TASK });
  const stored = await openModel(directory, options);
  const weights = new Map<string, FloatTensor>();
  for (const name of stored.weights.keys()) {
    if (signal?.aborted) throw new ToolkitError('ABORTED', `Loading '${stored.directory}' was aborted.`, { details: { path: stored.directory } });
    weights.set(name, await stored.read(name));
  }
  logger?.debug('Model loaded.', { path: stored.directory, architecture: stored.config.architecture, tensors: weights.size });
  onProgress?.({ type: 'task-end', task: TASK, durationMs: Date.now() - started });
  return { config: stored.config, weights };
}
