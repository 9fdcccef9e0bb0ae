import { z } from 'zod';
import { numVirtualTokensOption, promptLearningShape } from '../prompt-learning/config.js';

const positiveInt = z.number().int().positive();

/** `adapter_config.json` of p-tuning (peft/tuners/p_tuning/config.py PromptEncoderConfig). */
export const pTuningAdapterConfigSchema = z.looseObject({
  ...promptLearningShape,
  peft_type: z.literal('P_TUNING'),
  encoder_reparameterization_type: z.enum(['MLP', 'LSTM']).default('MLP').describe('Prompt encoder: MLP or bidirectional LSTM + MLP.'),
  encoder_hidden_size: positiveInt.nullish().describe('Prompt encoder width (PEFT fills token_dim).'),
  encoder_num_layers: positiveInt.default(2).describe('LSTM layers (the MLP always has two hidden layers).'),
  encoder_dropout: z.number().min(0).lt(1).default(0).describe('Prompt encoder dropout.'),
});

/** A parsed p-tuning adapter config. */
export type PTuningAdapterConfig = z.output<typeof pTuningAdapterConfigSchema>;

/** P-tuning's options in a run config. */
export const pTuningOptionsSchema = z.object({
  numVirtualTokens: numVirtualTokensOption('Virtual tokens produced by the prompt encoder.'),
  encoderReparameterizationType: z.enum(['MLP', 'LSTM']).default('MLP').describe('The prompt encoder (PEFT encoder_reparameterization_type).').meta({ title: 'Prompt encoder', flag: 'prompt-encoder' }),
  encoderHiddenSize: positiveInt.optional().describe('Width of the encoder; default: the model hidden size.').meta({ title: 'Encoder width' }),
  encoderNumLayers: positiveInt.default(2).describe('LSTM layers (PEFT encoder_num_layers).').meta({ title: 'Encoder layers' }),
  encoderDropout: z.number().min(0).max(0.9).default(0).describe('Dropout inside the encoder.').meta({ title: 'Encoder dropout' }),
});

/** P-tuning's options. */
export type PTuningOptions = z.output<typeof pTuningOptionsSchema>;
