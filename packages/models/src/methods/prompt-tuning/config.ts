import { z } from 'zod';
import { numVirtualTokensOption, promptLearningShape } from '../prompt-learning/config.js';

/** `adapter_config.json` of prompt tuning (peft/tuners/prompt_tuning/config.py PromptTuningConfig). */
export const promptTuningAdapterConfigSchema = z
  .looseObject({
    ...promptLearningShape,
    peft_type: z.literal('PROMPT_TUNING'),
    prompt_tuning_init: z.enum(['TEXT', 'SAMPLE_VOCAB', 'RANDOM']).default('RANDOM').describe('How the virtual tokens start.'),
    prompt_tuning_init_text: z.string().nullish().describe('Text whose token embeddings initialise the prompt (TEXT).'),
    tokenizer_name_or_path: z.string().nullish().describe('Tokenizer for prompt_tuning_init_text.'),
    tokenizer_kwargs: z.record(z.string(), z.unknown()).nullish().describe('Extra tokenizer arguments (TEXT).'),
  })
  .superRefine((config, context) => {
    // Same checks as PromptTuningConfig.__post_init__.
    if (config.prompt_tuning_init === 'TEXT' && config.prompt_tuning_init_text == null) {
      context.addIssue({ code: 'custom', path: ['prompt_tuning_init_text'], message: 'is required when prompt_tuning_init is TEXT' });
    }
    if (config.prompt_tuning_init === 'TEXT' && !config.tokenizer_name_or_path) {
      context.addIssue({ code: 'custom', path: ['tokenizer_name_or_path'], message: 'is required when prompt_tuning_init is TEXT' });
    }
  });

/** A parsed prompt-tuning adapter config. */
export type PromptTuningAdapterConfig = z.output<typeof promptTuningAdapterConfigSchema>;

/** Prompt tuning's options in a run config. */
export const promptTuningOptionsSchema = z.object({
  numVirtualTokens: numVirtualTokensOption('Virtual tokens prepended to every example.'),
  init: z.enum(['TEXT', 'RANDOM', 'SAMPLE_VOCAB']).default('TEXT').describe('Initialise from the embeddings of initText (repeated or cut to fit), randomly, or from random vocabulary rows.').meta({ title: 'Initialisation', flag: 'prompt-tuning-init' }),
  initText: z.string().default('Classify if the party named in the question wins the case:').describe('PEFT prompt_tuning_init_text.').meta({ title: 'Init text', flag: 'prompt-tuning-init-text' }),
});

/** Prompt tuning's options. */
export type PromptTuningOptions = z.output<typeof promptTuningOptionsSchema>;
