import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { LinearModule } from '../config/weight-spec.js';

/**
 * Where the forward graph gets each checkpoint tensor: frozen weights in their precision's form
 * (see createWeightSource), trainable ones as graph inputs (full fine-tuning). Names are
 * canonical checkpoint names.
 */
export interface WeightSource {
  /** The whole tensor as float32 (norms, biases). */
  get(name: string): Value;
  /** Rows `ids` of a 2-D weight as float32 [...ids, columns]: embedding lookups, head rows of label words. */
  rows(name: string, ids: Value): Value;
  /** The module's product without its bias: x · Wᵀ (nn.Linear) or x · W (Conv1D), [..., in] → [..., out]. */
  project(x: Value, module: LinearModule): Value;
  /**
   * The module's frozen weight itself as float32 [out, in] (the nn.Linear layout, Conv1D
   * weights transposed): 16-bit weights cast, 8- and 4-bit ones dequantized, in the graph and
   * only once `after` exists, so onnxruntime neither folds it into a float32 copy kept for the
   * session nor computes it early; the backward pass recomputes it rather than keeping it.
   */
  dense(module: LinearModule, after: Value): Value;
}

/**
 * One linear projection of the forward pass as a PEFT method's hook sees it. The base output is
 * built on first use, so a hook that computes the module's output another way (IA3 scales the
 * input of feed-forward layers) leaves no unused product behind.
 */
export interface LinearSite {
  readonly module: LinearModule;
  /** The projection's input [..., in]. */
  readonly input: Value;
  /** The base output x·Wᵀ + b [..., out]. */
  output(): Value;
  /** The base product x·Wᵀ without the bias [..., out]. */
  product(): Value;
  /** The bias [out] as float32, or undefined when the module has none. */
  bias(): Value | undefined;
  /** x·Wᵀ with the frozen weight for another input [..., in] (exact input gradients at every precision). */
  project(x: Value): Value;
  /** The frozen weight as float32 [out, in], computed after `after` (see {@link WeightSource.dense}). */
  weight(after: Value): Value;
}

/** One layer's keys and values: [batch, numKeyValueHeads, length, headDim]. */
export interface KeyValue {
  readonly key: Value;
  readonly value: Value;
}

/**
 * Extension points where PEFT methods change the forward pass, with PEFT's semantics:
 * LoRA adds to a linear projection's output, prompt tuning prepends embeddings, prefix tuning
 * prepends keys and values in every layer.
 */
export interface ForwardHooks {
  /** Called for every linear projection; returns the module's output (`site.output()` to leave it as it is). */
  linear?(g: GraphBuilder, site: LinearSite): Value;
  /** Embeddings [1 or batch, numVirtualTokens, hidden] prepended to the token embeddings. */
  readonly promptEmbeddings?: Value;
  /** Per layer, keys and values [batch, kvHeads, numVirtualTokens, headDim] attended before the tokens. */
  prefixKeyValues?(g: GraphBuilder, layer: number): KeyValue;
}

/** The symbolic inputs of a forward pass. */
export interface ForwardInputs {
  /** Token ids [batch, seq], int64. */
  readonly inputIds: Value;
  /**
   * 1 for tokens to attend to, 0 for padding, over every key position: prefix, past and the
   * current tokens [batch, keys], int64 — the Hugging Face convention.
   */
  readonly attentionMask: Value;
  /** Positions of the current tokens (virtual tokens included) [batch, seq'], int64. */
  readonly positionIds: Value;
  /** Cached keys and values of earlier tokens, one per layer (generation). */
  readonly pastKeyValues?: readonly KeyValue[];
}

/** What a forward pass returns. */
export interface ForwardOutputs {
  /** The final normalised hidden states [batch, seq', hidden] (seq' includes virtual tokens). */
  readonly hidden: Value;
  /** Keys and values of past + current tokens per layer (for the next generation step). */
  readonly presentKeyValues: readonly KeyValue[];
  /** Each decoder layer's input [batch, seq', hidden]: the checkpoints of gradient checkpointing. */
  readonly layerInputs: readonly Value[];
}
