import { ToolkitError, noopLogger } from '@causal-tune/core';
import type { Logger } from '@causal-tune/core';
import type { ModelConfig } from '../families/registry.js';
import { familyOf } from '../families/registry.js';
import { formatShape, isFloatDtype, shapesEqual } from './tensor.js';
import type { FloatDtype, FloatTensor, SafetensorsDtype } from './tensor.js';

/** A model in memory: its normalised config and its float weights by canonical tensor name. */
export interface ModelCheckpoint {
  readonly config: ModelConfig;
  /** Canonical name (see `expectedWeights`) -> tensor, in weight-map order. */
  readonly weights: ReadonlyMap<string, FloatTensor>;
}

/** Options of {@link validateModelWeights}. */
export interface ValidateWeightsOptions {
  /** Names the checkpoint in messages (a directory or file). */
  readonly source?: string;
  readonly logger?: Logger;
}

const LISTED = 5;

function listed(items: readonly string[]): string {
  return items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;
}

/** What validation reads of a tensor: a loaded tensor or a location in a file. */
interface DescribedTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
}

/** `T` with a float dtype: the weights a config can use. */
type FloatOf<T extends DescribedTensor> = T & { readonly dtype: FloatDtype };

/**
 * Checks checkpoint tensors (loaded, or only their locations) against the weight map of `config`
 * and returns them by canonical name, in weight-map order. Throws `MODEL_TENSOR_MISSING` (every missing tensor
 * listed), `MODEL_TENSOR_SHAPE_MISMATCH` (each tensor with both shapes) or
 * `MODEL_DTYPE_UNSUPPORTED` (an integer tensor where a weight belongs). Known buffers (GPT-2's
 * attention mask, rotary inv_freq) and a redundant `lm_head.weight` of a tied model are dropped;
 * any other unknown tensor is dropped with a warning.
 */
export function validateModelWeights<T extends DescribedTensor>(config: ModelConfig, tensors: ReadonlyMap<string, T>, options: ValidateWeightsOptions = {}): Map<string, FloatOf<T>> {
  const { source = 'the checkpoint', logger = noopLogger } = options;
  const family = familyOf(config);
  const expected = family.expectedWeights(config);
  const found = new Map<string, T>();
  const unexpected: string[] = [];
  for (const [name, tensor] of tensors) {
    const canonical = family.canonicalWeightName(name);
    if (expected.has(canonical)) found.set(canonical, tensor);
    else if (!family.isIgnoredTensor(canonical) && !(config.tieWordEmbeddings && canonical === 'lm_head.weight')) unexpected.push(name);
  }
  if (unexpected.length > 0) logger.warn('Ignoring checkpoint tensors the architecture does not use.', { source, tensors: unexpected });

  const missing = [...expected.keys()].filter((name) => !found.has(name));
  if (missing.length > 0) {
    const first = missing[0]!;
    throw new ToolkitError(
      'MODEL_TENSOR_MISSING',
      `${source} lacks ${missing.length} tensor${missing.length === 1 ? '' : 's'} that this ${config.modelType} config.json requires: ` +
        `${listed(missing)} (e.g. '${first}' of shape ${formatShape(expected.get(first)!)}). ` +
        'Use the config.json that was saved with these weights, or re-save the checkpoint with transformers.',
      { details: { source, missing, expected: Object.fromEntries(missing.map((name) => [name, expected.get(name)])) } },
    );
  }

  const weights = new Map<string, FloatOf<T>>();
  const mismatched: { tensor: string; expected: readonly number[]; actual: readonly number[] }[] = [];
  for (const [name, shape] of expected) {
    const tensor = found.get(name)!;
    if (!isFloatDtype(tensor.dtype)) {
      throw new ToolkitError(
        'MODEL_DTYPE_UNSUPPORTED',
        `Tensor '${name}' in ${source} is ${tensor.dtype}, but model weights must be F32, F16 or BF16. Re-save the checkpoint in a float dtype.`,
        { details: { source, tensor: name, dtype: tensor.dtype } },
      );
    }
    if (!shapesEqual(tensor.shape, shape)) mismatched.push({ tensor: name, expected: shape, actual: tensor.shape });
    weights.set(name, tensor as FloatOf<T>);
  }
  if (mismatched.length > 0) {
    const { tensor, expected: want, actual } = mismatched[0]!;
    throw new ToolkitError(
      'MODEL_TENSOR_SHAPE_MISMATCH',
      `Tensor '${tensor}' in ${source} has shape ${formatShape(actual)}, but config.json implies ${formatShape(want)}` +
        (mismatched.length > 1 ? ` (and ${mismatched.length - 1} more tensors differ)` : '') +
        '. The weights and config.json belong to different models: use the config.json saved with these weights.',
      { details: { source, mismatched } },
    );
  }
  return weights;
}
