import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { KeyValue } from '../../forward/forward-types.js';
import type { PromptLearningDims } from '../prompt-learning/dims.js';

/**
 * Per-layer keys and values of prefix tuning from the flat prefix [V, layers·2·token_dim], as
 * PEFT's `PeftModel.get_prompt` lays them out:
 *   view(batch, V, layers·2, heads, head_dim).permute(2, 0, 3, 1, 4).split(2)
 * so row 2l of the `layers·2` axis is layer l's keys and row 2l+1 its values, each
 * [batch, heads, V, head_dim] (heads = key/value heads under grouped-query attention, PEFT's
 * `num_attention_heads` of the adapter config). The prefix is the same for every example and is
 * broadcast over the batch of `inputIds`. Prefix keys are not rotated (RoPE applies to the
 * tokens' own keys only), as in transformers, where they enter as an already-filled cache.
 */
export function prefixKeyValuesOf(g: GraphBuilder, flat: Value, dims: PromptLearningDims, inputIds: Value): (g: GraphBuilder, layer: number) => KeyValue {
  const { numVirtualTokens: virtual, numLayers: layers, numAttentionHeads: heads, tokenDim } = dims;
  const headDim = tokenDim / heads;
  const perLayer = g.withScope('prefix', () => {
    const split = g.reshape(flat, [virtual, layers * 2, heads, headDim]);
    return g.transpose(split, [1, 2, 0, 3]); // [layers·2, heads, V, head_dim]
  });
  const [batch] = inputIds.shape;
  let target: Value | undefined;
  const broadcast = (builder: GraphBuilder, row: number): Value => {
    target ??= builder.concat([builder.slice(builder.shape(inputIds), [0], [1]), builder.constant([heads, virtual, headDim], 'int64')], 0);
    const slice = builder.slice(perLayer, [row], [row + 1], [0]); // [1, heads, V, head_dim]
    return builder.expand(slice, target, [batch!, heads, virtual, headDim]);
  };
  return (builder, layer) => ({ key: broadcast(builder, 2 * layer), value: broadcast(builder, 2 * layer + 1) });
}
