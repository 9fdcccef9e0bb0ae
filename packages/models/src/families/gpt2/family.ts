import type { ModelFamily } from '../model-family.js';
import { gpt2ConfigToHf, gpt2ModelConfigSchema, parseGpt2Config, type Gpt2ModelConfig } from './config.js';
import { buildGpt2Forward } from './forward.js';
import { GPT2_PRESETS } from './presets.js';
import { gpt2CanonicalWeightName, gpt2ExpectedWeights, gpt2LinearModules, isGpt2IgnoredTensor } from './weight-map.js';

/**
 * GPT-2 (transformers' GPT2LMHeadModel): learned positions, pre-LayerNorm blocks, Conv1D
 * projections stored [in, out] (PEFT's fan_in_fan_out), tanh GELU, head tied to wte.
 */
export const gpt2Family: ModelFamily<Gpt2ModelConfig> = {
  architecture: 'gpt2',
  modelTypes: ['gpt2'],
  examples: 'GPT-2',
  configSchema: gpt2ModelConfigSchema,
  parseHfConfig: parseGpt2Config,
  toHfConfig: gpt2ConfigToHf,
  expectedWeights: gpt2ExpectedWeights,
  linearModules: gpt2LinearModules,
  tokenEmbeddingName: () => 'wte.weight',
  canonicalWeightName: gpt2CanonicalWeightName,
  isIgnoredTensor: isGpt2IgnoredTensor,
  buildForward: buildGpt2Forward,
  // GPT2PreTrainedModel._init_weights: normal(0, initializer_range), biases 0, LayerNorm 1, and
  // the residual projections (c_proj) scaled to std / sqrt(2 * n_layer).
  initializer(config, name) {
    if (name.endsWith('.bias')) return { kind: 'zeros' };
    if (/(^|\.)ln_(1|2|f)\.weight$/.test(name)) return { kind: 'ones' };
    if (name.endsWith('c_proj.weight')) return { kind: 'normal', std: config.initializerRange / Math.sqrt(2 * config.numHiddenLayers) };
    return { kind: 'normal', std: config.initializerRange };
  },
  // GPT-2's wte has no padding_idx.
  zeroesPaddingRow: () => false,
  presets: GPT2_PRESETS,
};
