import { z } from 'zod';
import { peftConfigShape, stringOrList, targetModulesOption } from '../shared/peft-config.js';
import { LORA_VARIANTS, type LoraVariantFlags, type LoraVariantOptions } from './variants.js';

// LoRA's adapter_config.json (peft/tuners/lora/config.py LoraConfig) and its options in a run
// config. The schema is loose: fields of newer PEFT versions survive a read and a write.

const positiveInt = z.number().int().positive();

/**
 * PEFT's default LoRA targets by model_type (TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING
 * in peft/utils/constants.py); like PEFT, a model_type missing here needs target_modules.
 */
export const LORA_DEFAULT_TARGETS: Readonly<Record<string, readonly string[]>> = {
  gpt2: ['c_attn'],
  llama: ['q_proj', 'v_proj'],
  mistral: ['q_proj', 'v_proj'],
  qwen2: ['q_proj', 'v_proj'],
  gemma: ['q_proj', 'v_proj'],
};

/** `adapter_config.json` of LoRA (PEFT LoraConfig), with PEFT's defaults. */
export const loraAdapterConfigSchema = z
  .looseObject({
    ...peftConfigShape,
    peft_type: z.literal('LORA'),
    r: positiveInt.default(8).describe('Rank of the update B·A.'),
    lora_alpha: z.number().positive().default(8).describe('Scale numerator: the update is scaled by lora_alpha / r (rsLoRA: / sqrt(r)).'),
    lora_dropout: z.number().min(0).lt(1).default(0).describe('Dropout on the LoRA input.'),
    target_modules: stringOrList.nullish().describe('Module names (suffix match), one regex (full match) or "all-linear"; default PEFT\'s for the model_type.'),
    exclude_modules: stringOrList.nullish().describe('Modules never adapted, same matching.'),
    fan_in_fan_out: z.boolean().default(false).describe('True for GPT-2 Conv1D weights stored [in, out].'),
    bias: z.enum(['none', 'all', 'lora_only']).default('none').describe('Which biases are trained and saved.'),
    use_rslora: z.boolean().default(false).describe('Rank-stabilised scaling lora_alpha / sqrt(r).'),
    init_lora_weights: z.union([z.boolean(), z.string()]).default(true).describe('true: A Kaiming-uniform, B zero.'),
    layers_to_transform: z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]).nullish().describe('Only these layer indices.'),
    layers_pattern: stringOrList.nullish().describe('Name of the layer list the indices refer to (layers, h).'),
    rank_pattern: z.record(z.string(), positiveInt).default({}).describe('Per-module ranks: pattern -> r.'),
    alpha_pattern: z.record(z.string(), z.number().positive()).default({}).describe('Per-module alphas: pattern -> lora_alpha.'),
    ...(Object.fromEntries(LORA_VARIANTS.map((variant) => [variant.configFlag, variant.configFlagSchema])) as LoraVariantFlags),
  })
  .describe('LoRA adapter config.');

/** A parsed LoRA adapter config. */
export type LoraAdapterConfig = z.output<typeof loraAdapterConfigSchema>;

/**
 * LoraConfig fields that change the computation in ways causal-tune does not build, and the
 * values that leave it unchanged. A variant flag listed in LORA_VARIANTS is not among them.
 */
export const UNBUILT_LORA_FIELDS: Readonly<Record<string, { readonly inert: (value: unknown) => boolean; readonly reason: string }>> = {
  alora_invocation_tokens: { inert: (value) => value == null, reason: 'is set: activated LoRA (aLoRA) adapts only the tokens after the invocation sequence, which causal-tune does not compute; as plain LoRA it would give other outputs' },
  use_qalora: { inert: (value) => value === false || value == null, reason: 'is true: QALoRA pools the inputs by group' },
  lora_bias: { inert: (value) => value === false || value == null, reason: 'is true: LoRA-B biases are not built' },
  layer_replication: { inert: (value) => value == null, reason: 'is set: replicated layers are not built' },
  trainable_token_indices: { inert: (value) => value == null, reason: 'is set: trainable tokens are not built' },
  target_parameters: { inert: (value) => value == null || (Array.isArray(value) && value.length === 0), reason: 'is set: LoRA on parameters (not modules) is not built' },
  megatron_config: { inert: (value) => value == null, reason: 'is set: Megatron parallel layers are not built' },
  velora_config: { inert: (value) => value == null, reason: 'is set: VeLoRA is not built' },
  monteclora_config: { inert: (value) => value == null, reason: 'is set: MonteCLoRA is not built' },
};

/** LoRA's options in a run config (`method: { type: 'lora', ... }`), camelCase with defaults. */
export const loraOptionsSchema = z.object({
  r: positiveInt.default(8).describe('Rank of the update (PEFT r).').meta({ title: 'LoRA rank r', flag: 'lora-r' }),
  loraAlpha: z.number().positive().default(16).describe('Scale numerator: the update is scaled by loraAlpha / r (or / sqrt(r) with useRslora).').meta({ title: 'LoRA alpha' }),
  loraDropout: z.number().min(0).max(0.9).default(0.05).describe('Dropout on the LoRA input (alpaca-lora 0.05; PEFT default 0).').meta({ title: 'LoRA dropout' }),
  targetModules: targetModulesOption
    .optional()
    .describe('Module names (a list, or comma-separated: suffix match), one regex (full match, e.g. ".*\\\\.(q|v)_proj") or all-linear; default: PEFT per model type (c_attn; q_proj, v_proj).')
    .meta({ title: 'Target modules' }),
  useRslora: z.boolean().default(false).describe('Rank-stabilised LoRA: scale by loraAlpha / sqrt(r).').meta({ title: 'rsLoRA' }),
  ...(Object.fromEntries(LORA_VARIANTS.map((variant) => [variant.optionName, variant.optionSchema])) as LoraVariantOptions),
});

/** LoRA's options. */
export type LoraOptions = z.output<typeof loraOptionsSchema> & Readonly<Record<string, unknown>>;
