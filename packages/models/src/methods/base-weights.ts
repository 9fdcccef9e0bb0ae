import { ToolkitError } from '@causal-tune/core';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import type { StoredModel } from '../checkpoint/open-model.js';
import type { FloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';

/** The base model as a method reads it: in memory (tests, tiny models) or opened from disk. */
export type BaseModel = ModelCheckpoint | StoredModel;

/** What methods read of the base weights, in float32: rows of one table (prompt tuning's init), or whole weights (full fine-tuning). */
export interface BaseWeightReader {
  readonly config: ModelConfig;
  /** Weight names in weight-map order. */
  readonly names: readonly string[];
  rows(name: string, rows: readonly number[]): Promise<FloatTensor>;
  read(name: string): Promise<FloatTensor>;
}

function isStored(model: BaseModel): model is StoredModel {
  return typeof (model as StoredModel).read === 'function';
}

/** A reader over either kind of base model. */
export function baseWeightReader(model: BaseModel): BaseWeightReader {
  if (isStored(model)) return { config: model.config, names: [...model.weights.keys()], rows: (name, rows) => model.readRows(name, rows), read: (name) => model.read(name) };
  const tensor = (name: string): FloatTensor => {
    const found = model.weights.get(name);
    if (found === undefined) throw new ToolkitError('MODEL_TENSOR_MISSING', `The model has no weight '${name}'.`, { details: { tensor: name } });
    return found;
  };
  return {
    config: model.config,
    names: [...model.weights.keys()],
    read: async (name) => tensor(name),
    async rows(name, rows) {
      const { shape, data, dtype } = tensor(name);
      const columns = shape[1]!;
      const result = new Float32Array(rows.length * columns);
      rows.forEach((row, index) => result.set(data.subarray(row * columns, (row + 1) * columns), index * columns));
      return { dtype, shape: [rows.length, columns], data: result };
    },
  };
}
