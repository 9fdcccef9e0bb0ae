import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { LinearSite } from '../../forward/forward-types.js';
import type { MethodGraph, MethodGraphContext } from '../tuning-method.js';
import type { LoraAdapterConfig } from './config.js';
import { loraDropoutFeeds, loraDropoutInputs } from './dropout.js';
import { loraScaling, resolveLoraTargets } from './targets.js';
import { activeLoraVariants, loraTensorNames } from './tensors.js';

/**
 * LoRA on every targeted linear projection, with PEFT's semantics (peft/tuners/lora/layer.py
 * Linear.forward): y = base(x) + dropout(x)·Aᵀ·Bᵀ·scaling, A [r, in], B [out, r], scaling =
 * lora_alpha / r (rsLoRA: / √r), per-module rank and alpha from rank_pattern / alpha_pattern.
 * GPT-2's Conv1D stores its weight [in, out] (fan_in_fan_out), but its LoRA matrices keep the
 * nn.Linear layout, so the update is the same; only merging transposes it. A variant (DoRA)
 * combines the update with the base output its own way. With dropout, each module's LoRA input
 * is multiplied by a bool keep-mask input [batch, seq, in] and by the scalar `lora_dropout_scale`
 * (see LoraDropout).
 */
export function buildLoraGraph(g: GraphBuilder, config: LoraAdapterConfig, context: MethodGraphContext): MethodGraph {
  const modules = resolveLoraTargets(config, context.model);
  const byPath = new Set(modules.map((module) => module.path));
  const variant = activeLoraVariants(config)[0];
  const dropout = context.dropout && config.lora_dropout > 0 ? loraDropoutInputs(g, modules, config.lora_dropout) : undefined;
  const linear = (builder: GraphBuilder, site: LinearSite): Value => {
    const { module } = site;
    if (!byPath.has(module.path)) return site.output();
    return builder.withScope('lora', () => {
      const names = loraTensorNames(module.path);
      const mask = dropout?.masks.get(module.path);
      const x = mask === undefined ? site.input : builder.mul(site.input, builder.mul(builder.cast(mask, site.input.dtype), dropout!.scale));
      const a = context.tensor(names.a);
      const b = context.tensor(names.b);
      const down = builder.matMul(x, builder.transpose(a, [1, 0])); // [batch, seq, r]
      const up = builder.matMul(down, builder.transpose(b, [1, 0])); // [batch, seq, out]
      const scaling = loraScaling(config, module.path);
      if (variant !== undefined) return variant.output(builder, site, { module, input: x, dropped: mask !== undefined, lora: up, scaling, a, b, tensor: context.tensor });
      return builder.add(site.output(), builder.mul(up, scaling));
    });
  };
  return {
    hooks: { linear },
    ...(dropout === undefined ? {} : { stepInputs: { feeds: (options: Parameters<typeof loraDropoutFeeds>[1]) => loraDropoutFeeds(dropout, options) } }),
  };
}
