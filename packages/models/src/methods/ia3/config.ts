import { z } from 'zod';
import { peftConfigShape, stringOrList, targetModulesOption } from '../shared/peft-config.js';

// IA3's adapter_config.json (peft/tuners/ia3/config.py IA3Config) and its options in a run
// config. The schema is loose: fields of newer PEFT versions survive a read and a write.

/** PEFT's default IA3 targets by model_type (TRANSFORMERS_MODELS_TO_IA3_TARGET_MODULES_MAPPING, peft/utils/constants.py). */
export const IA3_DEFAULT_TARGETS: Readonly<Record<string, readonly string[]>> = {
  gpt2: ['c_attn', 'mlp.c_proj'],
  llama: ['k_proj', 'v_proj', 'down_proj'],
  mistral: ['k_proj', 'v_proj', 'down_proj'],
  qwen2: ['q_proj', 'v_proj', 'down_proj'],
  gemma: ['q_proj', 'v_proj', 'down_proj'],
};

/** PEFT's default feed-forward modules (TRANSFORMERS_MODELS_TO_IA3_FEEDFORWARD_MODULES_MAPPING): their input is scaled, not their output. */
export const IA3_DEFAULT_FEEDFORWARD: Readonly<Record<string, readonly string[]>> = {
  gpt2: ['mlp.c_proj'],
  llama: ['down_proj'],
  mistral: ['down_proj'],
  qwen2: ['down_proj'],
  gemma: ['down_proj'],
};

/** `adapter_config.json` of IA3 (PEFT IA3Config), with PEFT's defaults. */
export const ia3AdapterConfigSchema = z
  .looseObject({
    ...peftConfigShape,
    peft_type: z.literal('IA3'),
    target_modules: stringOrList.nullish().describe('Module names (suffix match), one regex (full match) or "all-linear"; default PEFT\'s for the model_type.'),
    exclude_modules: stringOrList.nullish().describe('Modules never adapted, same matching.'),
    feedforward_modules: stringOrList.nullish().describe("Targets whose input is scaled instead of their output (names by suffix or one regex); default PEFT's for the model_type."),
    fan_in_fan_out: z.boolean().default(false).describe('True for GPT-2 Conv1D weights stored [in, out].'),
    init_ia3_weights: z.boolean().default(true).describe('true: the vectors start at 1 (the base model); false: N(0, 1).'),
  })
  .superRefine((config, context) => {
    // IA3Config.__post_init__: as lists, the feed-forward modules are some of the targets.
    const { target_modules: targets, feedforward_modules: feedforward } = config;
    if (Array.isArray(targets) && Array.isArray(feedforward) && feedforward.some((name) => !targets.includes(name))) {
      context.addIssue({ code: 'custom', path: ['feedforward_modules'], message: 'must be a subset of target_modules' });
    }
  })
  .describe('IA3 adapter config.');

/** A parsed IA3 adapter config. */
export type Ia3AdapterConfig = z.output<typeof ia3AdapterConfigSchema>;

/** IA3's options in a run config (`method: { type: 'ia3', ... }`), camelCase with defaults. */
export const ia3OptionsSchema = z.object({
  targetModules: targetModulesOption
    .optional()
    .describe('Module names (a list, or comma-separated: suffix match), one regex (full match) or all-linear; default: PEFT per model type (k_proj, v_proj, down_proj; c_attn, mlp.c_proj).')
    .meta({ title: 'Target modules' }),
  feedforwardModules: targetModulesOption
    .optional()
    .describe('The targets whose input is scaled (feed-forward layers); default: PEFT per model type (down_proj; mlp.c_proj).')
    .meta({ title: 'Feed-forward modules' }),
});

/** IA3's options. */
export type Ia3Options = z.output<typeof ia3OptionsSchema>;
