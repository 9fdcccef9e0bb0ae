import { ToolkitError } from '@causal-tune/core';
import { defineTuningMethod } from '../define-method.js';
import { PROMPT_EMBEDDINGS, assertDecoderOnly, promptEmbeddingsShapes, promptLearningDimsOf, resolvePromptLearningDims, validatePromptEmbeddings, promptLearningConfigFields } from '../prompt-learning/dims.js';
import { encoderOutput } from '../prompt-learning/encoder-output.js';
import { promptEmbeddingsGraph } from '../prompt-learning/graph.js';
import type { PeftAdapterMethod } from '../tuning-method.js';
import { pTuningAdapterConfigSchema, pTuningOptionsSchema, type PTuningAdapterConfig, type PTuningOptions } from './config.js';
import { buildPTuningEncoder, initialEncoderTensors, pTuningEncoderShapes } from './encoder.js';

const pTuningAdapter: PeftAdapterMethod<PTuningAdapterConfig, PTuningOptions> = {
  peftType: 'P_TUNING',
  configSchema: pTuningAdapterConfigSchema,
  fromOptions(options, model, { baseModelName }) {
    const dims = promptLearningDimsOf(model, 'P_TUNING');
    return {
      ...promptLearningConfigFields('P_TUNING', options.numVirtualTokens, model, baseModelName),
      encoder_reparameterization_type: options.encoderReparameterizationType,
      encoder_hidden_size: options.encoderHiddenSize ?? dims.encoderHiddenSize,
      encoder_num_layers: options.encoderNumLayers,
      encoder_dropout: options.encoderDropout,
    };
  },
  check(config, model, purpose) {
    assertDecoderOnly(resolvePromptLearningDims(config, model));
    if (purpose === 'training' && config.encoder_reparameterization_type === 'LSTM' && config.encoder_num_layers > 1 && config.encoder_dropout > 0) {
      throw new ToolkitError('PEFT_CONFIG_INVALID', `encoder_dropout ${config.encoder_dropout} between LSTM layers is not supported in training; set encoder_dropout to 0.`, { details: { encoderDropout: config.encoder_dropout } });
    }
  },
  layout: (config) => ({ kind: 'prompt', virtualTokens: config.num_virtual_tokens }),
  trainableShapes: (config, model) => pTuningEncoderShapes(config, resolvePromptLearningDims(config, model)),
  async initialTensors(config, model, context) {
    const dims = resolvePromptLearningDims(config, model);
    return initialEncoderTensors(pTuningEncoderShapes(config, dims), context.seed, dims.encoderHiddenSize);
  },
  savedShapes: promptEmbeddingsShapes,
  validateSaved: validatePromptEmbeddings,
  toSaved(config, model, trainable) {
    const dims = resolvePromptLearningDims(config, model);
    return encoderOutput(trainable, pTuningEncoderShapes(config, dims), (g, get) => buildPTuningEncoder(g, config, dims, get));
  },
  // Training builds the encoder; a loaded adapter reads its saved output directly (PEFT's inference_mode).
  buildGraph(g, config, context) {
    const embeddings = g.withScope('peft', () => (context.training ? buildPTuningEncoder(g, config, resolvePromptLearningDims(config, context.model), context.tensor) : context.tensor(PROMPT_EMBEDDINGS)));
    return promptEmbeddingsGraph(g, embeddings);
  },
};

/** P-tuning (PEFT's PromptEncoderConfig): virtual tokens made by a trained MLP or LSTM encoder. */
export const pTuningMethod = defineTuningMethod({
  name: 'p-tuning',
  summary: 'P-tuning: virtual tokens produced by a trained MLP or bidirectional-LSTM prompt encoder (PEFT PromptEncoderConfig).',
  options: pTuningOptionsSchema,
  artifact: 'adapter',
  adapter: pTuningAdapter,
  virtualTokens: (options) => options.numVirtualTokens,
});
