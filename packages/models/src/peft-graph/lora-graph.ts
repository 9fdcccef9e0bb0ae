import { ToolkitError } from '@causal-tune/core';
import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { ModelConfig } from '../families/registry.js';
import type { LinearModule } from '../config/weight-spec.js';
import type { ForwardHooks } from '../forward/forward-types.js';
import type { LoraAdapterConfig } from '../peft/adapter-config.js';
import { loraTensorNames } from '../peft/adapter-tensors.js';
import { loraScaling, resolveLoraTargets } from '../peft/lora-targets.js';
import type { TensorGetter } from './prompt-encoder.js';

/** Prefix of the LoRA dropout keep-mask inputs: `lora_dropout_mask/<module path>`. */
export const LORA_DROPOUT_MASK_PREFIX = 'lora_dropout_mask/';

/** Name of the scalar input that scales kept LoRA inputs: 1/(1 − lora_dropout) in training, 1 to evaluate. */
export const LORA_DROPOUT_SCALE = 'lora_dropout_scale';

/** What {@link buildLoraHooks} returns. */
export interface LoraHooks {
  readonly linear: NonNullable<ForwardHooks['linear']>;
  /** The adapted modules, in model order. */
  readonly modules: readonly LinearModule[];
  /** Keep-mask inputs by module path (empty without dropout). */
  readonly masks: ReadonlyMap<string, Value>;
  /** The scale input, with dropout. */
  readonly scale?: Value;
}

/**
 * The adapted modules of a LoRA config, rejecting what causal-tune's graph cannot express:
 * an adapted output head (buildLmHead has no hook; a tied head would also change the
 * embeddings), trained biases and modules_to_save (their tensors replace base weights: merge
 * them with mergeLora instead).
 */
export function loraGraphTargets(config: LoraAdapterConfig, model: ModelConfig): LinearModule[] {
  const modules = resolveLoraTargets(config, model);
  const problems: string[] = [];
  if (modules.some((module) => module.isOutputLayer)) problems.push("target_modules matches 'lm_head', which causal-tune cannot adapt; target the decoder's projections (or 'all-linear', which leaves the head out)");
  if (config.bias !== 'none') problems.push(`bias is '${config.bias}'; the forward graph supports bias 'none' (merge other adapters into the base weights with mergeLora)`);
  if ((config.modules_to_save ?? []).length > 0) problems.push(`modules_to_save (${config.modules_to_save!.join(', ')}) is not supported`);
  if (problems.length > 0) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `This LoRA config cannot run on causal-tune's forward graph: ${problems.join('; ')}.`, { details: { problems } });
  }
  return modules;
}

/**
 * LoRA on every targeted linear projection, with PEFT's semantics (peft/tuners/lora/layer.py
 * Linear.forward): y = base(x) + dropout(x)·Aᵀ·Bᵀ·scaling, A [r, in], B [out, r], scaling =
 * lora_alpha / r (rsLoRA: / √r), per-module rank and alpha from rank_pattern / alpha_pattern.
 * GPT-2's Conv1D stores its weight [in, out] (fan_in_fan_out), but its LoRA matrices keep the
 * nn.Linear layout, so the update is the same; only merging transposes it.
 * With `dropout`, each module's LoRA input is multiplied by a bool keep-mask input
 * [batch, seq, in] and by the scalar input `lora_dropout_scale` (see LoraDropout).
 */
export function buildLoraHooks(g: GraphBuilder, config: LoraAdapterConfig, model: ModelConfig, get: TensorGetter, dropout: boolean): LoraHooks {
  const modules = loraGraphTargets(config, model);
  const byPath = new Map(modules.map((module) => [module.path, module]));
  const masks = new Map<string, Value>();
  const scale = dropout ? g.input(LORA_DROPOUT_SCALE, 'float32', []) : undefined;
  if (dropout) {
    for (const module of modules) masks.set(module.path, g.input(`${LORA_DROPOUT_MASK_PREFIX}${module.path}`, 'bool', ['batch', 'seq', module.inFeatures]));
  }
  const linear = (builder: GraphBuilder, module: LinearModule, input: Value, output: Value): Value => {
    if (!byPath.has(module.path)) return output;
    return builder.withScope('lora', () => {
      const names = loraTensorNames(module.path);
      const mask = masks.get(module.path);
      const x = mask === undefined ? input : builder.mul(input, builder.mul(builder.cast(mask, input.dtype), scale!));
      const down = builder.matMul(x, builder.transpose(get(names.a), [1, 0])); // [batch, seq, r]
      const up = builder.matMul(down, builder.transpose(get(names.b), [1, 0])); // [batch, seq, out]
      return builder.add(output, builder.mul(up, loraScaling(config, module.path)));
    });
  };
  return { linear, modules, masks, ...(scale === undefined ? {} : { scale }) };
}
