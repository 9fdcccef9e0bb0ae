import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ToolkitError, parseWithSchema, writeFileAtomic } from '@causal-tune/core';
import { readJsonFile, stableJson } from '../checkpoint/read-json-file.js';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { serializeSafetensors } from '../checkpoint/safetensors-writer.js';
import type { FloatDtype, FloatTensor } from '../checkpoint/tensor.js';
import { isFloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import { PEFT_TYPES, adapterMethodOf, type AdapterConfig } from './registry.js';
import { modulesToSaveWeights, splitModulesToSave } from './shared/modules-to-save.js';

/** File name of an adapter's config (peft/utils/constants.py CONFIG_NAME). */
export const ADAPTER_CONFIG_NAME = 'adapter_config.json';

/** File name of an adapter's weights (peft/utils/constants.py SAFETENSORS_WEIGHTS_NAME). */
export const ADAPTER_WEIGHTS_NAME = 'adapter_model.safetensors';

/** An adapter in memory: its parsed config and its tensors by PEFT name. */
export interface Adapter {
  readonly config: AdapterConfig;
  readonly tensors: ReadonlyMap<string, FloatTensor>;
}

/** An adapter to save: a config before defaults, and float32 tensors (stored F32 unless `dtype` says otherwise). */
export interface AdapterInput {
  readonly config: unknown;
  readonly tensors: ReadonlyMap<string, { readonly dtype?: FloatDtype; readonly shape: readonly number[]; readonly data: Float32Array }>;
}

/** Options of {@link saveAdapter} and {@link loadAdapter}. */
export interface AdapterIoOptions {
  /** The base model's config: the adapter must fit it (`ARTIFACT_INCOMPATIBLE` otherwise). */
  readonly model?: ModelConfig;
}

/**
 * Validates an adapter_config.json object with its method's schema: every problem at once as
 * `PEFT_CONFIG_INVALID`, and an unknown `peft_type` named with the supported ones.
 */
export function parseAdapterConfig(raw: unknown, source = ADAPTER_CONFIG_NAME): AdapterConfig {
  const peftType = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).peft_type : undefined;
  const method = typeof peftType === 'string' ? adapterMethodOf(peftType) : undefined;
  if (method === undefined) {
    throw new ToolkitError(
      'PEFT_CONFIG_INVALID',
      `${source} has peft_type ${peftType === undefined ? '(none)' : JSON.stringify(peftType)}, but causal-tune reads only ${PEFT_TYPES.join(', ')}.`,
      { details: { source, peftType, supported: [...PEFT_TYPES] } },
    );
  }
  return parseWithSchema(method.configSchema, raw, source, 'PEFT_CONFIG_INVALID') as AdapterConfig;
}

/**
 * Checks adapter tensors against their config (names and shapes as PEFT saves them, the
 * modules_to_save ones apart) and, with `model`, against the base model's sizes
 * (`ARTIFACT_INCOMPATIBLE` naming both).
 */
export function validateAdapterTensors(config: AdapterConfig, tensors: ReadonlyMap<string, FloatTensor>, options: { readonly model?: ModelConfig; readonly source?: string } = {}): void {
  const { model, source = 'the adapter' } = options;
  const method = adapterMethodOf(config.peft_type)!;
  const { own, saved } = splitModulesToSave(config.modules_to_save, tensors);
  method.validateSaved(config as never, own, { source, ...(model === undefined ? {} : { model }) });
  if (model !== undefined) modulesToSaveWeights(config.peft_type, saved, model, source);
}

/** The tensors PEFT saves for `config` on `model`, name -> shape (modules_to_save ones are not predicted). */
export function expectedAdapterTensors(config: AdapterConfig, model: ModelConfig): Map<string, number[]> {
  return adapterMethodOf(config.peft_type)!.savedShapes(config as never, model);
}

/**
 * Writes an adapter as Python's PEFT `save_pretrained` does: adapter_config.json (sorted keys,
 * indent 2, `inference_mode: true`; the fields that are set and those with a default other than
 * None, since older PEFT versions refuse keys they do not know even as null) and
 * adapter_model.safetensors (metadata `format: pt`), each atomically. Config and tensors are
 * validated first. Writing what {@link loadAdapter} returns gives the same bytes again.
 *
 * @returns the adapter as written (parsed config).
 * @example
 * await saveAdapter('runs/a/adapter', {
 *   config: { peft_type: 'PROMPT_TUNING', num_virtual_tokens: 8, token_dim: 64, num_layers: 5, num_attention_heads: 8, num_transformer_submodules: 1 },
 *   tensors: new Map([['prompt_embeddings', { shape: [8, 64], data: new Float32Array(512) }]]),
 * });
 */
export async function saveAdapter(directory: string, adapter: AdapterInput, options: AdapterIoOptions = {}): Promise<Adapter> {
  const absolute = resolve(directory);
  const config = parseAdapterConfig({ ...(adapter.config as object), inference_mode: true }, `The adapter config for '${absolute}'`);
  const tensors = new Map<string, FloatTensor>([...adapter.tensors].map(([name, tensor]) => [name, { ...tensor, dtype: tensor.dtype ?? 'F32' }]));
  validateAdapterTensors(config, tensors, { source: `the adapter for '${absolute}'`, ...(options.model === undefined ? {} : { model: options.model }) });
  await writeFileAtomic(join(absolute, ADAPTER_WEIGHTS_NAME), serializeSafetensors(tensors, { metadata: { format: 'pt' } }));
  await writeFileAtomic(join(absolute, ADAPTER_CONFIG_NAME), stableJson(config));
  return { config, tensors };
}

/**
 * Reads a PEFT adapter directory (written by {@link saveAdapter} or by Python's PEFT) and checks
 * its tensor names and shapes against its config and, with `options.model`, against the base
 * model. A missing directory or file is `ARTIFACT_NOT_FOUND`.
 *
 * @example
 * const { config, tensors } = await loadAdapter('runs/a/adapter', { model: (await loadModel(dir)).config });
 */
export async function loadAdapter(directory: string, options: AdapterIoOptions = {}): Promise<Adapter> {
  const absolute = resolve(directory);
  const configPath = join(absolute, ADAPTER_CONFIG_NAME);
  const config = parseAdapterConfig(
    await readJsonFile(configPath, 'An adapter directory holds adapter_config.json and adapter_model.safetensors (a run writes them under <run>/adapter).', 'ARTIFACT_NOT_FOUND'),
    configPath,
  );
  const weightsPath = join(absolute, ADAPTER_WEIGHTS_NAME);
  const present = await access(weightsPath).then(
    () => true,
    () => false,
  );
  if (!present) {
    throw new ToolkitError(
      'ARTIFACT_NOT_FOUND',
      `'${weightsPath}' does not exist. causal-tune reads adapter weights only as safetensors; re-save a PEFT adapter with save_pretrained(dir, safe_serialization=True).`,
      { details: { path: weightsPath } },
    );
  }
  const file = await readSafetensors(weightsPath);
  const tensors = new Map<string, FloatTensor>();
  for (const [name, tensor] of file.tensors) {
    if (!isFloatTensor(tensor)) {
      throw new ToolkitError('MODEL_DTYPE_UNSUPPORTED', `Adapter tensor '${name}' in '${weightsPath}' is ${tensor.dtype}; adapter weights must be F32, F16 or BF16.`, {
        details: { path: weightsPath, tensor: name, dtype: tensor.dtype },
      });
    }
    tensors.set(name, tensor);
  }
  validateAdapterTensors(config, tensors, { source: `'${weightsPath}'`, ...(options.model === undefined ? {} : { model: options.model }) });
  return { config, tensors };
}
