import { join } from 'node:path';
import { ToolkitError } from '@causal-tune/core';
import { readJsonFile } from '../checkpoint/read-json-file.js';
import { MODEL_FAMILIES, familyOf, supportedModelTypes, type ModelConfig } from '../families/registry.js';

/**
 * Validates a Hugging Face config.json object and normalises it into a {@link ModelConfig} with
 * the family of its `model_type`. An unknown or missing `model_type` is
 * `MODEL_ARCHITECTURE_UNSUPPORTED`; invalid fields are one `CONFIG_INVALID` listing every
 * problem; a field the family cannot honour (a RoPE scaling it does not compute, a
 * quantization_config, an unknown field) is `MODEL_CONFIG_UNSUPPORTED` naming it.
 *
 * @param options.source names the file in messages.
 * @example
 * parseModelConfig({ model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });
 * // { architecture: 'gpt2', hiddenSize: 768, numAttentionHeads: 12, headDim: 64, intermediateSize: 3072, ... }
 */
export function parseModelConfig(raw: unknown, options: { readonly source?: string } = {}): ModelConfig {
  const source = options.source ?? 'config.json';
  const modelType = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).model_type : undefined;
  const family = MODEL_FAMILIES.find((candidate) => (candidate.modelTypes as readonly unknown[]).includes(modelType));
  if (family === undefined) {
    throw new ToolkitError(
      'MODEL_ARCHITECTURE_UNSUPPORTED',
      `${source} has model_type ${modelType === undefined ? '(none)' : JSON.stringify(modelType)}, but causal-tune builds only ${supportedModelTypes().join(', ')}. ` +
        `Use a checkpoint of one of its families (${MODEL_FAMILIES.map((candidate) => candidate.examples).join('; ')}).`,
      { details: { source, modelType, supported: supportedModelTypes() } },
    );
  }
  return family.parseHfConfig(raw, source);
}

/** The Hugging Face config.json fields of a config (what {@link parseModelConfig} reads back). */
export function toHfConfig(config: ModelConfig): Record<string, unknown> {
  return familyOf(config).toHfConfig(config);
}

/** Reads and parses `<directory>/config.json`; a missing file is `MODEL_FILE_NOT_FOUND`. */
export async function loadModelConfig(directory: string): Promise<ModelConfig> {
  const path = join(directory, 'config.json');
  const raw = await readJsonFile(path, 'A model directory needs config.json, model.safetensors and the tokenizer files; create one with `ctune model init`.');
  return parseModelConfig(raw, { source: path });
}
