import { MODEL_FAMILIES, lmHeadWeightName, promptLearningDimsOf, type AdapterConfigInput, type ModelConfig } from '@causal-tune/models';
import type { TrainConfig } from '../config/train-config.js';

type PeftMethod = Exclude<TrainConfig['method'], { type: 'full' }>;

/**
 * The PEFT adapter_config.json of a run's method, filled the way PEFT fills it from the base
 * model (`_prepare_prompt_learning_config`), so that Python's PEFT loads the saved adapter.
 */
export function adapterConfigFor(method: PeftMethod, model: ModelConfig, modelPath: string): AdapterConfigInput {
  const common = { base_model_name_or_path: modelPath, task_type: 'CAUSAL_LM' as const };
  if (method.type === 'lora') {
    return {
      ...common,
      peft_type: 'LORA',
      r: method.r,
      lora_alpha: method.loraAlpha,
      lora_dropout: method.loraDropout,
      target_modules: method.targetModules === undefined ? null : method.targetModules,
      fan_in_fan_out: model.architecture === 'gpt2',
      use_rslora: method.useRslora,
    };
  }
  const peftType = method.type === 'prompt-tuning' ? 'PROMPT_TUNING' : method.type === 'p-tuning' ? 'P_TUNING' : 'PREFIX_TUNING';
  const dims = promptLearningDimsOf(model, peftType);
  const learning = {
    ...common,
    num_virtual_tokens: method.numVirtualTokens,
    token_dim: dims.tokenDim,
    num_transformer_submodules: dims.numTransformerSubmodules,
    num_attention_heads: dims.numAttentionHeads,
    num_layers: dims.numLayers,
  };
  switch (method.type) {
    case 'prompt-tuning':
      return {
        ...learning,
        peft_type: 'PROMPT_TUNING',
        prompt_tuning_init: method.init,
        prompt_tuning_init_text: method.init === 'TEXT' ? method.initText : null,
        tokenizer_name_or_path: method.init === 'TEXT' ? modelPath : null,
      };
    case 'p-tuning':
      return {
        ...learning,
        peft_type: 'P_TUNING',
        encoder_reparameterization_type: method.encoderReparameterizationType,
        encoder_hidden_size: method.encoderHiddenSize ?? dims.encoderHiddenSize,
        encoder_num_layers: method.encoderNumLayers,
        encoder_dropout: method.encoderDropout,
      };
    case 'prefix-tuning':
      return { ...learning, peft_type: 'PREFIX_TUNING', prefix_projection: method.prefixProjection, encoder_hidden_size: method.encoderHiddenSize ?? dims.encoderHiddenSize };
  }
}

/** The token-embedding tensor name (prompt tuning's TEXT and SAMPLE_VOCAB initialisation). */
export function wordEmbeddingName(model: ModelConfig): string {
  return model.architecture === 'gpt2' ? 'wte.weight' : lmHeadWeightName({ ...model, tieWordEmbeddings: true });
}
