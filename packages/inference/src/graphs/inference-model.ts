import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { FloatTensor, ForwardHooks, ModelConfig } from '@causal-tune/models';
import type { SequenceLayout } from '../batching/sequence-layout.js';

/** Puts an adapter that cannot be merged (prompt tuning, p-tuning, prefix tuning) on a graph. */
export type AdapterApplier = (g: GraphBuilder, inputIds: Value) => { readonly hooks: ForwardHooks };

/**
 * A model ready for inference graphs: base weights (with LoRA already merged into them) and, for
 * prompt-learning adapters, the hooks that add their virtual tokens.
 */
export interface InferenceModel {
  readonly config: ModelConfig;
  readonly weights: ReadonlyMap<string, FloatTensor>;
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

/** The adapter's hooks, without prompt embeddings when `withPromptEmbeddings` is false (decode steps). */
export function adapterHooks(g: GraphBuilder, model: InferenceModel, inputIds: Value, withPromptEmbeddings = true): ForwardHooks {
  if (!model.applyAdapter) return {};
  const { hooks } = model.applyAdapter(g, inputIds);
  if (withPromptEmbeddings || hooks.promptEmbeddings === undefined) return hooks;
  // Decode steps of a prompt-tuned model: the virtual tokens already sit in the key/value cache.
  return {
    ...(hooks.linear === undefined ? {} : { linear: hooks.linear }),
    ...(hooks.prefixKeyValues === undefined ? {} : { prefixKeyValues: hooks.prefixKeyValues }),
  };
}
