import { ToolkitError, createSeededRandom } from '@causal-tune/core';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import { familyOf, type ModelConfig } from '../../families/registry.js';
import { PROMPT_EMBEDDINGS, resolvePromptLearningDims } from '../prompt-learning/dims.js';
import { normalTensor } from '../shared/init.js';
import type { InitContext } from '../tuning-method.js';
import type { PromptTuningAdapterConfig } from './config.js';

/**
 * Prompt tuning's starting `prompt_embeddings` [V, hidden] by `prompt_tuning_init`
 * (peft/tuners/prompt_tuning/model.py): TEXT (the word embeddings of `prompt_tuning_init_text`
 * tokenised with special tokens, repeated or truncated to V), SAMPLE_VOCAB (V uniformly drawn
 * token ids, seeded) or RANDOM (N(0, 1), seeded). Only the rows needed are read from the base
 * model's token embedding.
 */
export async function initPromptEmbeddings(config: PromptTuningAdapterConfig, model: ModelConfig, context: InitContext): Promise<FloatTensor> {
  const dims = resolvePromptLearningDims(config, model);
  const total = dims.numVirtualTokens * dims.numTransformerSubmodules;
  if (config.prompt_tuning_init === 'RANDOM') return normalTensor(PROMPT_EMBEDDINGS, [total, dims.tokenDim], 1, context.seed);
  if (context.base === undefined) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `prompt_tuning_init ${config.prompt_tuning_init} needs the base model's word embeddings (context.base).`, { details: { init: config.prompt_tuning_init } });
  }
  let ids: number[];
  if (config.prompt_tuning_init === 'SAMPLE_VOCAB') {
    const random = createSeededRandom(context.seed, 'prompt_tuning_init/SAMPLE_VOCAB');
    ids = Array.from({ length: total }, () => Math.floor(random.nextFloat() * model.vocabSize));
  } else {
    if (context.tokenizer === undefined) {
      throw new ToolkitError('PEFT_CONFIG_INVALID', 'prompt_tuning_init TEXT needs a tokenizer (context.tokenizer) for prompt_tuning_init_text.', { details: { init: 'TEXT' } });
    }
    const textIds = context.tokenizer.encode(config.prompt_tuning_init_text ?? '');
    if (textIds.length === 0) throw new ToolkitError('PEFT_CONFIG_INVALID', 'prompt_tuning_init_text tokenises to no tokens; give a non-empty text.', { details: { init: 'TEXT' } });
    // PEFT: truncate, or repeat ceil(V / n) times and truncate.
    ids = Array.from({ length: total }, (_unused, index) => textIds[index % textIds.length]!);
  }
  for (const id of ids) {
    if (!(id >= 0 && id < model.vocabSize)) throw new ToolkitError('PEFT_CONFIG_INVALID', `Token id ${id} is outside the word embeddings (${model.vocabSize} rows).`, { details: { id, vocab: model.vocabSize } });
  }
  const rows = await context.base.rows(familyOf(model).tokenEmbeddingName(model), ids);
  return { dtype: 'F32', shape: [ids.length, dims.tokenDim], data: Float32Array.from(rows.data) };
}
