import { z } from 'zod';
import { numVirtualTokensOption, promptLearningShape } from '../prompt-learning/config.js';

const positiveInt = z.number().int().positive();

/** `adapter_config.json` of prefix tuning (peft/tuners/prefix_tuning/config.py PrefixTuningConfig). */
export const prefixTuningAdapterConfigSchema = z.looseObject({
  ...promptLearningShape,
  peft_type: z.literal('PREFIX_TUNING'),
  encoder_hidden_size: positiveInt.nullish().describe('Width of the projection MLP (PEFT fills token_dim).'),
  prefix_projection: z.boolean().default(false).describe('Reparameterise the prefix through a 2-layer MLP.'),
});

/** A parsed prefix-tuning adapter config. */
export type PrefixTuningAdapterConfig = z.output<typeof prefixTuningAdapterConfigSchema>;

/** Prefix tuning's options in a run config. */
export const prefixTuningOptionsSchema = z.object({
  numVirtualTokens: numVirtualTokensOption('Key/value positions prepended in every layer.'),
  prefixProjection: z.boolean().default(false).describe('Reparameterise the prefix with a two-layer MLP (PEFT prefix_projection).').meta({ title: 'Prefix projection' }),
  encoderHiddenSize: positiveInt.optional().describe('Width of that MLP; default: the model hidden size.').meta({ title: 'Encoder width' }),
});

/** Prefix tuning's options. */
export type PrefixTuningOptions = z.output<typeof prefixTuningOptionsSchema>;
