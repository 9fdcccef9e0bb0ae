import { resolve } from 'node:path';
import { ToolkitError } from '@causal-tune/core';
import type { RunOptions } from '@causal-tune/core';
import type { ModelConfig } from '../families/registry.js';
import { loadModelConfig } from '../config/parse-model-config.js';
import { validateModelWeights } from './model-weights.js';
import { decodeTensorBytes, readTensor, readTensorBytes, type TensorLocation } from './safetensors-reader.js';
import { openCheckpointTensors } from './sharded-checkpoint.js';
import { DTYPE_SIZE_BYTES, formatShape, type FloatDtype, type FloatTensor } from './tensor.js';

/** A float tensor's location in a checkpoint file. */
export type WeightLocation = TensorLocation & { readonly dtype: FloatDtype };

/**
 * A model directory opened without reading its weights: the config, and where each weight lies
 * (validated against the config's weight map: names, shapes, float dtypes). Reading happens per
 * tensor, on demand, so opening a 7B checkpoint takes milliseconds and no memory.
 */
export interface StoredModel {
  /** The model directory, absolute. */
  readonly directory: string;
  readonly config: ModelConfig;
  /** Canonical weight name -> location, in weight-map order. */
  readonly weights: ReadonlyMap<string, WeightLocation>;
  /** The checkpoint's precision: the float dtype that holds most of its bytes. */
  readonly dtype: FloatDtype;
  /** Bytes of weight data. */
  readonly sizeBytes: number;
  /** The weight files (the index first when sharded), absolute. */
  readonly files: readonly string[];
  /** Reads one weight into float32. */
  read(name: string): Promise<FloatTensor>;
  /** Reads rows of a 2-D weight ([rows, columns]) into float32: token embeddings without the whole matrix. */
  readRows(name: string, rows: readonly number[]): Promise<FloatTensor>;
}

function locationOf(model: { readonly weights: ReadonlyMap<string, WeightLocation>; readonly directory: string }, name: string): WeightLocation {
  const location = model.weights.get(name);
  if (location === undefined) {
    throw new ToolkitError('MODEL_TENSOR_MISSING', `The model '${model.directory}' has no weight '${name}'.`, { details: { tensor: name, path: model.directory } });
  }
  return location;
}

/** The float dtype holding the most bytes. */
function dominantDtype(weights: ReadonlyMap<string, WeightLocation>): FloatDtype {
  const bytes = new Map<FloatDtype, number>();
  for (const location of weights.values()) bytes.set(location.dtype, (bytes.get(location.dtype) ?? 0) + location.length);
  return [...bytes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'F32';
}

/**
 * Opens a Hugging Face model directory: config.json (normalised into a `ModelConfig`) and the
 * headers of model.safetensors or its shards. Nothing is read into memory but the headers, and
 * nothing limits the files' sizes. Throws the errors of `loadModel` (`MODEL_FILE_NOT_FOUND`,
 * `MODEL_TENSOR_MISSING`, `MODEL_TENSOR_SHAPE_MISMATCH`, `MODEL_DTYPE_UNSUPPORTED`,
 * `MODEL_FILE_CORRUPT`, ...), each naming the file or tensor.
 *
 * @example
 * const model = await openModel('/tmp/tinyllama-1.1b');
 * model.dtype; // 'F16'
 * model.weights.get('model.layers.0.mlp.down_proj.weight'); // { path, dtype: 'F16', shape: [2048, 5632], offset, length }
 */
export async function openModel(directory: string, options: RunOptions = {}): Promise<StoredModel> {
  const { logger, signal } = options;
  const absolute = resolve(directory);
  const config = await loadModelConfig(absolute);
  if (signal?.aborted) throw new ToolkitError('ABORTED', `Opening '${absolute}' was aborted.`, { details: { path: absolute } });
  const layout = await openCheckpointTensors(absolute);
  const weights = validateModelWeights(config, layout.tensors, { source: `'${absolute}'`, ...(logger === undefined ? {} : { logger }) });
  const stored = { directory: absolute, weights };
  return {
    directory: absolute,
    config,
    weights,
    dtype: dominantDtype(weights),
    sizeBytes: [...weights.values()].reduce((sum, location) => sum + location.length, 0),
    files: layout.files,
    read: async (name) => (await readTensor(locationOf(stored, name))) as FloatTensor,
    async readRows(name, rows) {
      const location = locationOf(stored, name);
      if (location.shape.length !== 2) throw new ToolkitError('USAGE_INVALID', `readRows reads rows of a 2-D weight, but '${name}' has shape ${formatShape(location.shape)}.`, { details: { tensor: name } });
      const [count, columns] = location.shape as [number, number];
      const rowBytes = columns * DTYPE_SIZE_BYTES[location.dtype];
      const data = new Float32Array(rows.length * columns);
      for (const [position, row] of rows.entries()) {
        if (!(Number.isInteger(row) && row >= 0 && row < count)) {
          throw new ToolkitError('USAGE_INVALID', `Row ${row} is outside '${name}' (${count} rows).`, { details: { tensor: name, row, rows: count } });
        }
        const bytes = await readTensorBytes(location, row * rowBytes, rowBytes);
        data.set(decodeTensorBytes(location.dtype, [columns], bytes).data as Float32Array, position * columns);
      }
      return { dtype: location.dtype, shape: [rows.length, columns], data };
    },
  };
}
