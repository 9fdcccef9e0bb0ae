import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { LlamaModelConfig } from '../config/model-config.js';
import { llamaLinearModules } from '../llama/weight-map.js';
import { buildAttentionMask } from './attention-mask.js';
import { attend, splitHeads } from './attention.js';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, KeyValue, WeightSource } from './forward-types.js';
import { linear, prependPromptEmbeddings, rmsNorm, silu } from './linear.js';
import { applyRotary, buildRotaryTables } from './rotary-embedding.js';

/**
 * The LLaMA-family decoder (transformers' LlamaModel): RMSNorm, RoPE in the rotate-half
 * convention, grouped-query attention, SwiGLU MLP; Mistral and Qwen2 share it (Qwen2's q/k/v
 * biases come from the config). Returns the final normalised hidden states.
 */
export function buildLlamaForward(g: GraphBuilder, config: LlamaModelConfig, weights: WeightSource, inputs: ForwardInputs, hooks: ForwardHooks = {}): ForwardOutputs {
  const modules = new Map(llamaLinearModules(config).map((module) => [module.path, module]));
  const project = (x: Value, path: string) => linear(g, x, modules.get(path)!, weights, hooks);
  const shape = { numAttentionHeads: config.numAttentionHeads, numKeyValueHeads: config.numKeyValueHeads, headDim: config.headDim };
  let hidden = g.withScope('embed', () => weights.rows('model.embed_tokens.weight', inputs.inputIds)); // [batch, seq, hidden]
  if (hooks.promptEmbeddings) hidden = prependPromptEmbeddings(g, hidden, hooks.promptEmbeddings, inputs.positionIds.shape[1]);
  const mask = buildAttentionMask(g, inputs.attentionMask, hidden);
  const rotary = buildRotaryTables(g, inputs.positionIds, config.headDim, config.ropeTheta);
  const presentKeyValues: KeyValue[] = [];
  const layerInputs: Value[] = [];
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const prefix = `model.layers.${layer}`;
    layerInputs.push(hidden);
    hidden = g.withScope(prefix, () => {
      const normed = rmsNorm(g, hidden, weights.get(`${prefix}.input_layernorm.weight`), config.rmsNormEps);
      const q = applyRotary(g, splitHeads(g, project(normed, `${prefix}.self_attn.q_proj`), config.numAttentionHeads, config.headDim), rotary, config.headDim);
      const k = applyRotary(g, splitHeads(g, project(normed, `${prefix}.self_attn.k_proj`), config.numKeyValueHeads, config.headDim), rotary, config.headDim);
      const v = splitHeads(g, project(normed, `${prefix}.self_attn.v_proj`), config.numKeyValueHeads, config.headDim);
      const { output, present } = attend(g, q, { key: k, value: v }, mask, shape, inputs.pastKeyValues?.[layer], hooks.prefixKeyValues?.(g, layer));
      presentKeyValues.push(present);
      const afterAttention = g.add(hidden, project(output, `${prefix}.self_attn.o_proj`));
      const normed2 = rmsNorm(g, afterAttention, weights.get(`${prefix}.post_attention_layernorm.weight`), config.rmsNormEps);
      const gated = g.mul(silu(g, project(normed2, `${prefix}.mlp.gate_proj`)), project(normed2, `${prefix}.mlp.up_proj`));
      return g.add(afterAttention, project(gated, `${prefix}.mlp.down_proj`));
    });
  }
  return { hidden: rmsNorm(g, hidden, weights.get('model.norm.weight'), config.rmsNormEps), presentKeyValues, layerInputs };
}
