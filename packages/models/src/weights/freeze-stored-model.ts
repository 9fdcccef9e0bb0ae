import { ToolkitError, noopLogger, type RunOptions } from '@causal-tune/core';
import type { StoredModel, WeightLocation } from '../checkpoint/open-model.js';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { freezeTensor } from './freeze-tensor.js';
import { freezeWeights } from './freeze-weights.js';
import type { FrozenTensor, FrozenWeights } from './frozen-tensor.js';
import { WeightCacheWriter, defaultWeightCacheDir, describeSourceFiles, readWeightCache, weightCacheFolder } from './weight-cache.js';
import { DTYPE_OF_FORMAT, formatOf, weightRoles, type FrozenFormat } from './weight-roles.js';
import { precisionOfDtype, type WeightPrecision } from './weight-precision.js';

/** The progress task name of preparing frozen weights. */
export const PREPARE_WEIGHTS_TASK = 'weights-prepare';

/** Checkpoints up to this size are read whole and frozen in memory (the graph then embeds them). */
export const IN_MEMORY_LIMIT_BYTES = 256 * 1024 ** 2;

/** Options of {@link freezeStoredModel}. */
export interface FreezeStoredModelOptions extends RunOptions {
  /** Default: the checkpoint's own precision (fp32 for F32, fp16 for F16, bf16 for BF16). */
  readonly precision?: WeightPrecision;
  /** Keep what the backward pass needs (8-bit weights' transposed copies). */
  readonly forTraining?: boolean;
  /** Root of the weight caches; default ~/.cache/causal-tune/weights. */
  readonly cacheDir?: string;
  /** Checkpoints at most this large are frozen in memory instead; default 256 MiB. 0 forces files. */
  readonly inMemoryLimitBytes?: number;
  /** Weights not to freeze (trained ones, full fine-tuning). */
  readonly exclude?: ReadonlySet<string>;
}

/** How a stored weight becomes frozen without converting it, if it can. */
function directTensor(location: WeightLocation, format: FrozenFormat): FrozenTensor | undefined {
  if (format === 'q8' || format === 'q4') return undefined;
  const external = { path: location.path, offset: location.offset, length: location.length };
  if (DTYPE_OF_FORMAT[format] === location.dtype) return { kind: 'float', dtype: format, shape: location.shape, bytes: { external } };
  // float32 from 16 bits: onnxruntime casts once at session start.
  if (format === 'float32' && location.dtype !== 'F32') return { kind: 'float', dtype: location.dtype === 'F16' ? 'float16' : 'bfloat16', shape: location.shape, bytes: { external }, castOnLoad: true };
  return undefined;
}

/**
 * The frozen weights of an opened checkpoint at a precision, without ever holding the model in
 * memory: weights the precision keeps as stored are referred to in the checkpoint's own files
 * (onnxruntime maps them); converted or quantized ones are computed tensor by tensor into a
 * weight cache folder once and referred to there (then every large weight goes there, since
 * onnxruntime reads external data from one folder). Norms and biases are read into memory.
 * Small checkpoints (under `inMemoryLimitBytes`) are frozen in memory like `freezeWeights`.
 * Emits `task-*` progress events (`weights-prepare`) counting weights while converting.
 */
export async function freezeStoredModel(model: StoredModel, options: FreezeStoredModelOptions = {}): Promise<FrozenWeights> {
  const logger = options.logger ?? noopLogger;
  const precision = options.precision ?? precisionOfDtype(model.dtype);
  const forTraining = options.forTraining ?? false;
  const names = [...model.weights.keys()].filter((name) => !options.exclude?.has(name));
  if (model.sizeBytes <= (options.inMemoryLimitBytes ?? IN_MEMORY_LIMIT_BYTES)) {
    const weights = new Map<string, FloatTensor>();
    for (const name of names) weights.set(name, await model.read(name));
    return freezeWeights(model.config, weights, { precision, forTraining });
  }
  const roles = weightRoles(model.config);
  const plan = names.map((name) => {
    const role = roles.get(name)!;
    const location = model.weights.get(name)!;
    const format = formatOf(role.role, precision, location.dtype);
    return { name, role, location, format, direct: role.role === 'small' ? undefined : directTensor(location, format) };
  });
  const tensors = new Map<string, FrozenTensor>();
  for (const entry of plan.filter((candidate) => candidate.role.role === 'small')) tensors.set(entry.name, freezeTensor(await model.read(entry.name), { format: 'float32', layout: 'linear', withTransposed: false }));
  const large = plan.filter((entry) => entry.role.role !== 'small');
  if (large.every((entry) => entry.direct !== undefined)) {
    for (const entry of large) tensors.set(entry.name, entry.direct!);
    return { precision, tensors, withTransposed: forTraining };
  }

  const files = await describeSourceFiles(model.files);
  const folder = weightCacheFolder(options.cacheDir ?? defaultWeightCacheDir(), model.directory, precision, files);
  let cached = await readWeightCache(folder, files);
  if (cached === null || (forTraining && !cached.backward)) {
    logger.info('Preparing the weight cache.', { folder, precision, tensors: large.length });
    const started = performance.now();
    options.onProgress?.({ type: 'task-start', task: PREPARE_WEIGHTS_TASK, total: large.length });
    const writer = await WeightCacheWriter.create(folder, precision, model.directory, files, forTraining);
    try {
      for (const [index, entry] of large.entries()) {
        if (options.signal?.aborted) throw new ToolkitError('ABORTED', `Preparing the weights of '${model.directory}' was aborted after ${index} of ${large.length} tensors.`, { details: { completed: index, total: large.length } });
        // Weights that could stay where they are move into the cache too (one folder): 16-bit values
        // survive the float32 round trip exactly. (castOnLoad never meets the cache: it is fp32 of
        // a 16-bit checkpoint, where every weight stays in the checkpoint.)
        await writer.add(entry.name, freezeTensor(await model.read(entry.name), { format: entry.format, layout: entry.role.layout, withTransposed: forTraining }));
        options.onProgress?.({ type: 'task-progress', task: PREPARE_WEIGHTS_TASK, completed: index + 1, total: large.length });
      }
      await writer.finish();
    } catch (error) {
      await writer.discard();
      throw error;
    }
    options.onProgress?.({ type: 'task-end', task: PREPARE_WEIGHTS_TASK, durationMs: performance.now() - started });
    cached = await readWeightCache(folder, files);
    if (cached === null) throw new ToolkitError('ARTIFACT_WRITE_FAILED', `The weight cache '${folder}' could not be read back after it was written.`, { details: { path: folder } });
  }
  for (const entry of large) {
    const tensor = cached.tensors.get(entry.name);
    if (tensor === undefined) throw new ToolkitError('ARTIFACT_INCOMPATIBLE', `The weight cache '${folder}' lacks '${entry.name}'; delete the folder to rebuild it.`, { details: { path: folder, tensor: entry.name } });
    tensors.set(entry.name, tensor);
  }
  return { precision, tensors, withTransposed: forTraining };
}
