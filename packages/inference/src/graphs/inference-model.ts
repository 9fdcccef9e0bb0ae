import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { FloatTensor, ForwardHooks, FrozenWeights, ModelConfig } from '@causal-tune/models';
import type { SequenceLayout } from '@causal-tune/models';

/** Puts an adapter on a graph (LoRA hooks on the projections, or prompt learning's virtual tokens). */
export type AdapterApplier = (g: GraphBuilder, inputIds: Value) => { readonly hooks: ForwardHooks };

/**
 * A model ready for the inference graph: the frozen base weights in their precision and, with an
 * adapter, the hooks that apply it (LoRA is not merged: the base weights stay as stored, so any
 * precision serves any adapter).
 */
export interface InferenceModel {
  readonly config: ModelConfig;
  readonly weights: FrozenWeights | ReadonlyMap<string, FloatTensor>;
  readonly layout: SequenceLayout;
  readonly applyAdapter?: AdapterApplier;
}

/** The graph inputs every inference graph has, in the Hugging Face convention. */
export interface TokenInputs {
  /** [batch, seq] int64. */
  readonly inputIds: Value;
  /** [batch, keys] int64: virtual/prefix, past and current keys. */
  readonly attentionMask: Value;
  /** [batch, queries] int64. */
  readonly positionIds: Value;
}

/** Declares input_ids, attention_mask and position_ids. */
export function tokenInputs(g: GraphBuilder): TokenInputs {
  return {
    inputIds: g.input('input_ids', 'int64', ['batch', 'seq']),
    attentionMask: g.input('attention_mask', 'int64', ['batch', 'keys']),
    positionIds: g.input('position_ids', 'int64', ['batch', 'queries']),
  };
}

/**
 * The adapter's hooks. Prompt embeddings [1, V, hidden] are cut to the first `virtualTokens`
 * ([1] int64, fed: V on a first step, 0 on cached steps, whose cache holds them), so one graph
 * serves every step.
 */
export function adapterHooks(g: GraphBuilder, model: InferenceModel, inputIds: Value, virtualTokens?: Value): ForwardHooks {
  if (!model.applyAdapter) return {};
  const { hooks } = model.applyAdapter(g, inputIds);
  if (hooks.promptEmbeddings === undefined || virtualTokens === undefined) return hooks;
  const [, , hidden] = hooks.promptEmbeddings.shape;
  const promptEmbeddings = g.withScope('virtual_tokens', () => g.reshape(g.slice(hooks.promptEmbeddings!, [0], virtualTokens, [1]), [1, -1, hidden as number], [1, 'virtual', hidden!]));
  return { ...hooks, promptEmbeddings };
}
