import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ToolkitError, isToolkitError, type Logger } from '@causal-tune/core';
import { GraphBuilder } from '@causal-tune/graph';
import { ADAPTER_CONFIG_NAME, PLAIN_LAYOUT, adapterWeights, applyPeft, loadAdapter, type Adapter, type FloatTensor, type FrozenWeights, type ModelConfig } from '@causal-tune/models';
import type { InferenceModel } from '../graphs/inference-model.js';
import type { PredictorAdapter } from './predictor.js';

/** Options of {@link loadAdapterModel}. */
export interface AdapterModelOptions {
  /** The base model directory, named in errors. */
  readonly modelDir: string;
  readonly logger: Logger;
}

async function declaredBaseModel(adapterDir: string): Promise<string | null> {
  try {
    const raw = JSON.parse(await readFile(join(adapterDir, ADAPTER_CONFIG_NAME), 'utf8')) as { base_model_name_or_path?: unknown };
    return typeof raw.base_model_name_or_path === 'string' ? raw.base_model_name_or_path : null;
  } catch {
    return null;
  }
}

/**
 * The base model with its adapter, ready for the inference graph. Every adapter is applied on the
 * graph with models' `applyPeft`, as in training: LoRA as hooks on the projections (not merged,
 * so the base weights stay in their file and precision, and one set of weights could serve many
 * adapters), prompt tuning, p-tuning and prefix tuning as virtual tokens (their tensors become
 * initializers), which change the sequence layout; an adapter's modules_to_save replace their base
 * weights.
 *
 * @throws ToolkitError `ARTIFACT_INCOMPATIBLE` when the adapter's shapes do not fit the base
 * model, naming the adapter's base model and the loaded one; `ARTIFACT_NOT_FOUND` without
 * adapter files; `PEFT_UNSUPPORTED` or `PEFT_CONFIG_INVALID` for an adapter the graph cannot run as PEFT does.
 */
export async function loadAdapterModel(
  base: { readonly config: ModelConfig; readonly weights: FrozenWeights | ReadonlyMap<string, FloatTensor> },
  adapterDir: string | null,
  options: AdapterModelOptions,
): Promise<{ model: InferenceModel; adapter: PredictorAdapter | null }> {
  if (adapterDir === null) return { model: { config: base.config, weights: base.weights, layout: PLAIN_LAYOUT }, adapter: null };
  let adapter: Adapter;
  try {
    adapter = await loadAdapter(adapterDir, { model: base.config });
  } catch (error) {
    if (isToolkitError(error) && error.code === 'ARTIFACT_INCOMPATIBLE') {
      const declared = await declaredBaseModel(adapterDir);
      throw new ToolkitError(
        'ARTIFACT_INCOMPATIBLE',
        `The adapter '${adapterDir}' was made for the base model '${declared ?? 'unknown (no base_model_name_or_path)'}', not for '${options.modelDir}' (${base.config.architecture}, hidden ${base.config.hiddenSize}, ${base.config.numHiddenLayers} layers): ${error.message}`,
        { details: { adapterDir, adapterBaseModel: declared, modelDir: options.modelDir, ...(error.details ?? {}) }, cause: error },
      );
    }
    throw error;
  }
  const { config } = adapter;
  const baseModel = config.base_model_name_or_path;
  if (baseModel !== null && basename(baseModel) !== basename(options.modelDir)) {
    options.logger.warn(`The adapter '${adapterDir}' names its base model '${baseModel}', but it is loaded on '${options.modelDir}'; the shapes fit, so it runs.`, { adapterDir, baseModel, modelDir: options.modelDir });
  }
  const described = { directory: adapterDir, peftType: config.peft_type, baseModel };
  // Refuse what the graph cannot run now (PEFT_UNSUPPORTED, PEFT_CONFIG_INVALID), not at the first
  // prediction; the method's descriptor gives the sequence layout.
  const check = new GraphBuilder({ name: 'adapter-check' });
  const { layout } = applyPeft(check, base.config, adapter, { inputIds: check.input('input_ids', 'int64', ['batch', 'seq']) });
  return {
    // modules_to_save tensors replace their base weights, as PEFT loads them.
    model: { config: base.config, weights: adapterWeights(base.weights, adapter, base.config), layout, applyAdapter: (g, inputIds) => applyPeft(g, base.config, adapter, { inputIds }) },
    adapter: described,
  };
}
