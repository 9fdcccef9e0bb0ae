import { defineTuningMethod } from '../define-method.js';
import { assertDecoderOnly, PROMPT_EMBEDDINGS, promptEmbeddingsShapes, resolvePromptLearningDims, validatePromptEmbeddings, promptLearningConfigFields } from '../prompt-learning/dims.js';
import { promptEmbeddingsGraph } from '../prompt-learning/graph.js';
import type { PeftAdapterMethod } from '../tuning-method.js';
import { promptTuningAdapterConfigSchema, promptTuningOptionsSchema, type PromptTuningAdapterConfig, type PromptTuningOptions } from './config.js';
import { initPromptEmbeddings } from './init.js';

const promptTuningAdapter: PeftAdapterMethod<PromptTuningAdapterConfig, PromptTuningOptions> = {
  peftType: 'PROMPT_TUNING',
  configSchema: promptTuningAdapterConfigSchema,
  fromOptions(options, model, { baseModelName }) {
    return {
      ...promptLearningConfigFields('PROMPT_TUNING', options.numVirtualTokens, model, baseModelName),
      prompt_tuning_init: options.init,
      ...(options.init === 'TEXT' ? { prompt_tuning_init_text: options.initText, tokenizer_name_or_path: baseModelName } : {}),
    };
  },
  check: (config, model) => assertDecoderOnly(resolvePromptLearningDims(config, model)),
  layout: (config) => ({ kind: 'prompt', virtualTokens: config.num_virtual_tokens }),
  trainableShapes: promptEmbeddingsShapes,
  initialTensors: async (config, model, context) => new Map([[PROMPT_EMBEDDINGS, await initPromptEmbeddings(config, model, context)]]),
  savedShapes: promptEmbeddingsShapes,
  validateSaved: validatePromptEmbeddings,
  toSaved: async (_config, _model, trainable) => new Map([[PROMPT_EMBEDDINGS, trainable.get(PROMPT_EMBEDDINGS)!]]),
  // prompt_embeddings [V, hidden] in front of the token embeddings.
  buildGraph: (g, _config, context) => promptEmbeddingsGraph(g, g.withScope('peft', () => context.tensor(PROMPT_EMBEDDINGS))),
};

/** Prompt tuning (PEFT's PromptTuningConfig): trained embeddings of V virtual tokens in front of every example. */
export const promptTuningMethod = defineTuningMethod({
  name: 'prompt-tuning',
  summary: 'Prompt tuning: the embeddings of V virtual tokens put in front of every example (PEFT PromptTuningConfig).',
  options: promptTuningOptionsSchema,
  artifact: 'adapter',
  adapter: promptTuningAdapter,
  virtualTokens: (options) => options.numVirtualTokens,
});
