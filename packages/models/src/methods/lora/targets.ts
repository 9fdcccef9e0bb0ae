import type { LinearModule } from '../../config/weight-spec.js';
import type { ModelConfig } from '../../families/registry.js';
import { patternValue, resolveModuleTargets } from '../shared/module-targets.js';
import { LORA_DEFAULT_TARGETS, type LoraAdapterConfig } from './config.js';

/**
 * The linear modules of `model` a LoRA config adapts, in model order (PEFT's matching:
 * methods/shared/module-targets.ts). `target_modules` unset takes PEFT's default for the
 * model_type (c_attn for GPT-2, q_proj and v_proj for LLaMA).
 */
export function resolveLoraTargets(config: LoraAdapterConfig, model: ModelConfig): LinearModule[] {
  return resolveModuleTargets(config, model, LORA_DEFAULT_TARGETS, 'LORA');
}

/** The rank of one module: its rank_pattern entry, else `r`. */
export function loraRank(config: LoraAdapterConfig, modulePath: string): number {
  return patternValue(config.rank_pattern, modulePath) ?? config.r;
}

/** The scale of one module's update: alpha / r, or alpha / sqrt(r) with rsLoRA (peft/tuners/lora/layer.py update_layer). */
export function loraScaling(config: LoraAdapterConfig, modulePath: string): number {
  const rank = loraRank(config, modulePath);
  const alpha = patternValue(config.alpha_pattern, modulePath) ?? config.lora_alpha;
  return config.use_rslora ? alpha / Math.sqrt(rank) : alpha / rank;
}
