import { z } from 'zod';

// adapter_config.json as Python's PEFT writes it (PeftConfig.save_pretrained in peft/config.py:
// json.dumps(asdict(config), indent=2, sort_keys=True)). Field names and defaults follow
// peft/config.py (PeftConfig, PromptLearningConfig) and peft/tuners/{lora,prompt_tuning,p_tuning,
// prefix_tuning}/config.py. Objects are loose: fields of newer PEFT versions survive a read and a
// write unchanged.

const positiveInt = z.number().int().positive();
const stringOrList = z.union([z.string(), z.array(z.string())]);

/** PEFT methods causal-tune reads and writes, by their `peft_type`. */
export const PEFT_TYPES = ['LORA', 'PROMPT_TUNING', 'P_TUNING', 'PREFIX_TUNING'] as const;

/** One of {@link PEFT_TYPES}. */
export type PeftType = (typeof PEFT_TYPES)[number];

const peftConfigShape = {
  base_model_name_or_path: z.string().nullable().default(null).describe('The base model the adapter was trained on.'),
  revision: z.string().nullable().default(null).describe('Hub revision of the base model.'),
  task_type: z.literal('CAUSAL_LM').nullable().default('CAUSAL_LM').describe('PEFT TaskType; causal-tune tunes causal LMs.'),
  inference_mode: z.boolean().default(false).describe('PEFT sets it to true when saving.'),
  auto_mapping: z.record(z.string(), z.unknown()).nullable().default(null).describe('Custom model classes, if any.'),
};

const promptLearningShape = {
  ...peftConfigShape,
  num_virtual_tokens: positiveInt.describe('Number of virtual tokens.'),
  token_dim: positiveInt.nullable().default(null).describe('Hidden size of the base model (PEFT fills it from the model config).'),
  num_transformer_submodules: positiveInt.nullable().default(null).describe('1 for decoder-only models.'),
  num_attention_heads: positiveInt.nullable().default(null).describe('Attention heads (key/value heads for prefix tuning with GQA).'),
  num_layers: positiveInt.nullable().default(null).describe('Transformer layers of the base model.'),
  modules_to_save: z.array(z.string()).nullable().default(null).describe('Extra fully-trained modules.'),
};

/** `adapter_config.json` of LoRA (peft/tuners/lora/config.py LoraConfig). */
export const loraAdapterConfigSchema = z
  .looseObject({
    ...peftConfigShape,
    peft_type: z.literal('LORA'),
    r: positiveInt.default(8).describe('Rank of the update B·A.'),
    lora_alpha: z.number().positive().default(8).describe('Scale numerator: the update is scaled by lora_alpha / r (rsLoRA: / sqrt(r)).'),
    lora_dropout: z.number().min(0).lt(1).default(0).describe('Dropout on the LoRA input.'),
    target_modules: stringOrList.nullable().default(null).describe('Module names (suffix match), one regex (full match) or "all-linear".'),
    exclude_modules: stringOrList.nullable().default(null).describe('Modules never adapted, same matching.'),
    fan_in_fan_out: z.boolean().default(false).describe('True for GPT-2 Conv1D weights stored [in, out].'),
    bias: z.enum(['none', 'all', 'lora_only']).default('none').describe('Which biases are trained and saved.'),
    use_rslora: z.boolean().default(false).describe('Rank-stabilised scaling lora_alpha / sqrt(r).'),
    modules_to_save: z.array(z.string()).nullable().default(null).describe('Extra fully-trained modules.'),
    init_lora_weights: z.union([z.boolean(), z.string()]).default(true).describe('true: A Kaiming-uniform, B zero.'),
    layers_to_transform: z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]).nullable().default(null).describe('Only these layer indices.'),
    layers_pattern: stringOrList.nullable().default(null).describe('Name of the layer list the indices refer to (layers, h).'),
    rank_pattern: z.record(z.string(), positiveInt).default({}).describe('Per-module ranks: pattern -> r.'),
    alpha_pattern: z.record(z.string(), z.number().positive()).default({}).describe('Per-module alphas: pattern -> lora_alpha.'),
    use_dora: z.literal(false, { error: 'DoRA adapters are not supported by causal-tune' }).default(false).describe('DoRA; not supported.'),
  })
  .describe('LoRA adapter config.');

/** `adapter_config.json` of prompt tuning (peft/tuners/prompt_tuning/config.py PromptTuningConfig). */
export const promptTuningAdapterConfigSchema = z
  .looseObject({
    ...promptLearningShape,
    peft_type: z.literal('PROMPT_TUNING'),
    prompt_tuning_init: z.enum(['TEXT', 'SAMPLE_VOCAB', 'RANDOM']).default('RANDOM').describe('How the virtual tokens start.'),
    prompt_tuning_init_text: z.string().nullable().default(null).describe('Text whose token embeddings initialise the prompt (TEXT).'),
    tokenizer_name_or_path: z.string().nullable().default(null).describe('Tokenizer for prompt_tuning_init_text.'),
    tokenizer_kwargs: z.record(z.string(), z.unknown()).nullable().default(null).describe('Extra tokenizer arguments (TEXT).'),
  })
  .superRefine((config, context) => {
    // Same checks as PromptTuningConfig.__post_init__.
    if (config.prompt_tuning_init === 'TEXT' && config.prompt_tuning_init_text === null) {
      context.addIssue({ code: 'custom', path: ['prompt_tuning_init_text'], message: 'is required when prompt_tuning_init is TEXT' });
    }
    if (config.prompt_tuning_init === 'TEXT' && !config.tokenizer_name_or_path) {
      context.addIssue({ code: 'custom', path: ['tokenizer_name_or_path'], message: 'is required when prompt_tuning_init is TEXT' });
    }
  });

/** `adapter_config.json` of p-tuning (peft/tuners/p_tuning/config.py PromptEncoderConfig). */
export const pTuningAdapterConfigSchema = z.looseObject({
  ...promptLearningShape,
  peft_type: z.literal('P_TUNING'),
  encoder_reparameterization_type: z.enum(['MLP', 'LSTM']).default('MLP').describe('Prompt encoder: MLP or bidirectional LSTM + MLP.'),
  encoder_hidden_size: positiveInt.nullable().default(null).describe('Prompt encoder width (PEFT fills token_dim).'),
  encoder_num_layers: positiveInt.default(2).describe('LSTM layers (the MLP always has two hidden layers).'),
  encoder_dropout: z.number().min(0).lt(1).default(0).describe('Prompt encoder dropout.'),
});

/** `adapter_config.json` of prefix tuning (peft/tuners/prefix_tuning/config.py PrefixTuningConfig). */
export const prefixTuningAdapterConfigSchema = z.looseObject({
  ...promptLearningShape,
  peft_type: z.literal('PREFIX_TUNING'),
  encoder_hidden_size: positiveInt.nullable().default(null).describe('Width of the projection MLP (PEFT fills token_dim).'),
  prefix_projection: z.boolean().default(false).describe('Reparameterise the prefix through a 2-layer MLP.'),
});

/** Any adapter config causal-tune reads, discriminated by `peft_type`. */
export const adapterConfigSchema = z.discriminatedUnion('peft_type', [
  loraAdapterConfigSchema,
  promptTuningAdapterConfigSchema,
  pTuningAdapterConfigSchema,
  prefixTuningAdapterConfigSchema,
]);

/** A parsed LoRA adapter config. */
export type LoraAdapterConfig = z.output<typeof loraAdapterConfigSchema>;
/** A parsed prompt-tuning adapter config. */
export type PromptTuningAdapterConfig = z.output<typeof promptTuningAdapterConfigSchema>;
/** A parsed p-tuning adapter config. */
export type PTuningAdapterConfig = z.output<typeof pTuningAdapterConfigSchema>;
/** A parsed prefix-tuning adapter config. */
export type PrefixTuningAdapterConfig = z.output<typeof prefixTuningAdapterConfigSchema>;
/** A parsed adapter config of any method. */
export type AdapterConfig = z.output<typeof adapterConfigSchema>;
/** The prompt-learning configs (one `prompt_embeddings` tensor). */
export type PromptLearningAdapterConfig = PromptTuningAdapterConfig | PTuningAdapterConfig | PrefixTuningAdapterConfig;
/** An adapter config before defaults: what a caller writes (`{ peft_type: 'LORA', r: 16 }`). */
export type AdapterConfigInput = z.input<typeof adapterConfigSchema>;
