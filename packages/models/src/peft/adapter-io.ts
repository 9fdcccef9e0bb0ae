import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ToolkitError, parseWithSchema, writeFileAtomic } from '@causal-tune/core';
import { readJsonFile, stableJson } from '../checkpoint/read-json-file.js';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { serializeSafetensors } from '../checkpoint/safetensors-writer.js';
import type { FloatDtype, FloatTensor } from '../checkpoint/tensor.js';
import { isFloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import { PEFT_TYPES, adapterConfigSchema } from './adapter-config.js';
import type { AdapterConfig } from './adapter-config.js';
import { validateAdapterTensors } from './adapter-tensors.js';

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
 * Validates an adapter_config.json object: every problem at once as `PEFT_CONFIG_INVALID`, and
 * an unknown `peft_type` named with the supported ones.
 */
export function parseAdapterConfig(raw: unknown, source = ADAPTER_CONFIG_NAME): AdapterConfig {
  const peftType = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).peft_type : undefined;
  if (!(PEFT_TYPES as readonly unknown[]).includes(peftType)) {
    throw new ToolkitError(
      'PEFT_CONFIG_INVALID',
      `${source} has peft_type ${peftType === undefined ? '(none)' : JSON.stringify(peftType)}, but causal-tune reads only ${PEFT_TYPES.join(', ')}.`,
      { details: { source, peftType, supported: [...PEFT_TYPES] } },
    );
  }
  return parseWithSchema(adapterConfigSchema, raw, source, 'PEFT_CONFIG_INVALID');
}

/**
 * Writes an adapter as Python's PEFT `save_pretrained` does: adapter_config.json (all fields with
 * defaults, sorted keys, indent 2, `inference_mode: true`) and adapter_model.safetensors
 * (metadata `format: pt`), each atomically. Config and tensors are validated first. Writing what
 * {@link loadAdapter} returns gives the same bytes again.
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
