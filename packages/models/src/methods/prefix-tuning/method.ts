import { ToolkitError } from '@causal-tune/core';
import { defineTuningMethod } from '../define-method.js';
import { initialEncoderTensors } from '../p-tuning/encoder.js';
import { PROMPT_EMBEDDINGS, assertDecoderOnly, promptEmbeddingsShapes, promptLearningDimsOf, resolvePromptLearningDims, validatePromptEmbeddings, promptLearningConfigFields } from '../prompt-learning/dims.js';
import { encoderOutput } from '../prompt-learning/encoder-output.js';
import { filledTensor, normalTensor } from '../shared/init.js';
import type { PeftAdapterMethod } from '../tuning-method.js';
import { prefixTuningAdapterConfigSchema, prefixTuningOptionsSchema, type PrefixTuningAdapterConfig, type PrefixTuningOptions } from './config.js';
import { prefixKeyValuesOf } from './key-values.js';
import { buildPrefixProjection, prefixProjectionShapes } from './projection.js';

// PEFT's prefix tuning starts its embedding N(0, 1); `init_weights: 'zero'` (a loose field some
// configs carry) zeroes it, or with prefix_projection the last Linear.
const zeroInit = (config: PrefixTuningAdapterConfig) => (config as { init_weights?: unknown }).init_weights === 'zero';

const prefixTuningAdapter: PeftAdapterMethod<PrefixTuningAdapterConfig, PrefixTuningOptions> = {
  peftType: 'PREFIX_TUNING',
  configSchema: prefixTuningAdapterConfigSchema,
  fromOptions(options, model, { baseModelName }) {
    const dims = promptLearningDimsOf(model, 'PREFIX_TUNING');
    return {
      ...promptLearningConfigFields('PREFIX_TUNING', options.numVirtualTokens, model, baseModelName),
      prefix_projection: options.prefixProjection,
      encoder_hidden_size: options.encoderHiddenSize ?? dims.encoderHiddenSize,
    };
  },
  check: (config, model) => assertDecoderOnly(resolvePromptLearningDims(config, model)),
  layout: (config) => ({ kind: 'prefix', virtualTokens: config.num_virtual_tokens }),
  trainableShapes: (config, model) => (config.prefix_projection ? prefixProjectionShapes(resolvePromptLearningDims(config, model)) : promptEmbeddingsShapes(config, model)),
  async initialTensors(config, model, context) {
    const dims = resolvePromptLearningDims(config, model);
    if (config.prefix_projection) return initialEncoderTensors(prefixProjectionShapes(dims), context.seed, dims.encoderHiddenSize, (name) => zeroInit(config) && name.startsWith('prompt_encoder.transform.2.'));
    const [shape] = [...promptEmbeddingsShapes(config, model).values()];
    return new Map([[PROMPT_EMBEDDINGS, zeroInit(config) ? filledTensor(shape!, 0) : normalTensor(PROMPT_EMBEDDINGS, shape!, 1, context.seed)]]);
  },
  savedShapes: promptEmbeddingsShapes,
  validateSaved: validatePromptEmbeddings,
  async toSaved(config, model, trainable) {
    if (!config.prefix_projection) return new Map([[PROMPT_EMBEDDINGS, trainable.get(PROMPT_EMBEDDINGS)!]]);
    return encoderOutput(trainable, prefixProjectionShapes(resolvePromptLearningDims(config, model)), (g, get) => buildPrefixProjection(g, get));
  },
  // Per-layer keys and values from the flat prefix [V, layers·2·kv_hidden] (the projection's output when training with it).
  buildGraph(g, config, context) {
    if (context.inputIds === undefined) {
      throw new ToolkitError('USAGE_INVALID', "applyPeft: prefix tuning needs options.inputIds (the forward pass's token ids) for the batch size of its keys and values.");
    }
    const flat = g.withScope('peft', () => (context.training && config.prefix_projection ? buildPrefixProjection(g, context.tensor) : context.tensor(PROMPT_EMBEDDINGS)));
    return { hooks: { prefixKeyValues: prefixKeyValuesOf(g, flat, resolvePromptLearningDims(config, context.model), context.inputIds) }, promptEmbeddings: flat };
  },
};

/** Prefix tuning (PEFT's PrefixTuningConfig): trained keys and values in front of every layer's attention. */
export const prefixTuningMethod = defineTuningMethod({
  name: 'prefix-tuning',
  summary: "Prefix tuning: trained keys and values of V virtual tokens in front of every layer's attention (PEFT PrefixTuningConfig).",
  options: prefixTuningOptionsSchema,
  artifact: 'adapter',
  adapter: prefixTuningAdapter,
  virtualTokens: (options) => options.numVirtualTokens,
});
