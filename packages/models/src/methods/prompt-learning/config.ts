import { z } from 'zod';
import { peftConfigShape } from '../shared/peft-config.js';

const positiveInt = z.number().int().positive();

/** PromptLearningConfig's fields (peft/config.py), shared by prompt tuning, p-tuning and prefix tuning. */
export const promptLearningShape = {
  ...peftConfigShape,
  num_virtual_tokens: positiveInt.describe('Number of virtual tokens.'),
  token_dim: positiveInt.nullish().describe('Hidden size of the base model (PEFT fills it from the model config).'),
  num_transformer_submodules: positiveInt.nullish().describe('1 for decoder-only models.'),
  num_attention_heads: positiveInt.nullish().describe('Attention heads (key/value heads for prefix tuning with GQA).'),
  num_layers: positiveInt.nullish().describe('Transformer layers of the base model.'),
};

/** The fields every prompt-learning adapter config has, parsed. */
export interface PromptLearningConfig {
  readonly peft_type: 'PROMPT_TUNING' | 'P_TUNING' | 'PREFIX_TUNING';
  readonly base_model_name_or_path: string | null;
  readonly num_virtual_tokens: number;
  readonly token_dim?: number | null | undefined;
  readonly num_transformer_submodules?: number | null | undefined;
  readonly num_attention_heads?: number | null | undefined;
  readonly num_layers?: number | null | undefined;
  readonly encoder_hidden_size?: number | null | undefined;
}

/** The virtual-token count option every prompt-learning method has in a run config. */
export const numVirtualTokensOption = (what: string) => positiveInt.default(8).describe(what).meta({ title: 'Virtual tokens', flag: 'virtual-tokens' });
