import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { LinearModule } from '../config/weight-spec.js';
import { buildAttentionMask, type AttentionMask } from './attention-mask.js';
import { attend, splitHeads } from './attention.js';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, KeyValue, WeightSource } from './forward-types.js';
import { linear, prependPromptEmbeddings } from './linear.js';
import { applyRotary, buildRotaryTables, type RopeSettings } from './rotary-embedding.js';

/**
 * What differs between the decoders that share LLaMA's layout (LLaMA, Mistral, Qwen2, Gemma):
 * how tokens are embedded, how RMSNorm applies its weight, the gated MLP's activation, the
 * rotary embedding and the sliding window. Each family's forward.ts fills it in.
 */
export interface RotaryDecoderSpec {
  readonly numHiddenLayers: number;
  readonly numAttentionHeads: number;
  readonly numKeyValueHeads: number;
  readonly headDim: number;
  readonly rope: RopeSettings;
  /** The window of sliding attention from layer `fromLayer` on (Mistral: every layer), or null. */
  readonly slidingWindow: { readonly size: number; readonly fromLayer: number } | null;
  /** The linear modules by PEFT path (families/shared/rotary-decoder-weights.ts). */
  readonly modules: ReadonlyMap<string, LinearModule>;
  /** Token embeddings [batch, seq, hidden] of the ids. */
  embed(ids: Value): Value;
  /** The family's RMSNorm with the weight `weightName`. */
  norm(x: Value, weightName: string): Value;
  /** The gate activation of the gated MLP: down(act(gate(x)) · up(x)). */
  activation(x: Value): Value;
}

/**
 * The decoder stack of transformers' LlamaModel: pre-norm blocks of grouped-query attention with
 * rotate-half RoPE and a gated MLP, then the final norm. Tensor names are LLaMA's
 * (model.layers.N.self_attn.q_proj, ...). Returns the final normalised hidden states.
 */
export function buildRotaryDecoder(g: GraphBuilder, spec: RotaryDecoderSpec, weights: WeightSource, inputs: ForwardInputs, hooks: ForwardHooks): ForwardOutputs {
  const project = (x: Value, path: string) => linear(g, x, spec.modules.get(path)!, weights, hooks);
  const shape = { numAttentionHeads: spec.numAttentionHeads, numKeyValueHeads: spec.numKeyValueHeads, headDim: spec.headDim };
  let hidden = g.withScope('embed', () => spec.embed(inputs.inputIds)); // [batch, seq, hidden]
  if (hooks.promptEmbeddings) hidden = prependPromptEmbeddings(g, hidden, hooks.promptEmbeddings, inputs.positionIds.shape[1]);
  const fullMask = buildAttentionMask(g, inputs.attentionMask, hidden);
  let slidingMask: AttentionMask | undefined;
  const maskOf = (layer: number): AttentionMask => {
    if (spec.slidingWindow === null || layer < spec.slidingWindow.fromLayer) return fullMask;
    slidingMask ??= buildAttentionMask(g, inputs.attentionMask, hidden, { slidingWindow: spec.slidingWindow.size });
    return slidingMask;
  };
  const rotary = buildRotaryTables(g, inputs.positionIds, spec.rope);
  const presentKeyValues: KeyValue[] = [];
  const layerInputs: Value[] = [];
  for (let layer = 0; layer < spec.numHiddenLayers; layer += 1) {
    const prefix = `model.layers.${layer}`;
    layerInputs.push(hidden);
    hidden = g.withScope(prefix, () => {
      const normed = spec.norm(hidden, `${prefix}.input_layernorm.weight`);
      const q = applyRotary(g, splitHeads(g, project(normed, `${prefix}.self_attn.q_proj`), spec.numAttentionHeads, spec.headDim), rotary, spec.headDim);
      const k = applyRotary(g, splitHeads(g, project(normed, `${prefix}.self_attn.k_proj`), spec.numKeyValueHeads, spec.headDim), rotary, spec.headDim);
      const v = splitHeads(g, project(normed, `${prefix}.self_attn.v_proj`), spec.numKeyValueHeads, spec.headDim);
      const { output, present } = attend(g, q, { key: k, value: v }, maskOf(layer), shape, inputs.pastKeyValues?.[layer], hooks.prefixKeyValues?.(g, layer));
      presentKeyValues.push(present);
      const afterAttention = g.add(hidden, project(output, `${prefix}.self_attn.o_proj`));
      const normed2 = spec.norm(afterAttention, `${prefix}.post_attention_layernorm.weight`);
      const gated = g.mul(spec.activation(project(normed2, `${prefix}.mlp.gate_proj`)), project(normed2, `${prefix}.mlp.up_proj`));
      return g.add(afterAttention, project(gated, `${prefix}.mlp.down_proj`));
    });
  }
  return { hidden: spec.norm(hidden, 'model.norm.weight'), presentKeyValues, layerInputs };
}
