import type { GraphBuilder, Value } from '@causal-tune/graph';

/**
 * Which keys each query sees, as two float tensors [batch, 1, queries, keys] applied to the
 * scores as `scores · keep + bias`: keep is 1 and bias 0 where query i (the i-th current token)
 * may see key j — j <= keys − queries + i (causal, with past/prefix keys all visible) and key j
 * is not padding — else keep is 0 and bias −1e9, so masked scores are exactly −1e9 (as a Where
 * would make them) and rows with no visible key stay uniform. Mul and Add rather than Where:
 * onnxruntime broadcasts them on a fast path, Where (and Where's gradient) element by element,
 * which cost more than the attention products themselves.
 */
export interface AttentionMask {
  readonly keep: Value;
  readonly bias: Value;
}

/**
 * Builds the {@link AttentionMask} of a batch from its 2-D mask; works for any run-time lengths.
 * With `slidingWindow` (Mistral), query i also sees only the last `slidingWindow` keys up to
 * itself: key j is visible when 0 <= (keys − queries + i) − j < slidingWindow, counted in key
 * columns as transformers' sliding-window mask counts cache positions.
 */
export function buildAttentionMask(g: GraphBuilder, attentionMask: Value, queries: Value, options: { readonly slidingWindow?: number } = {}): AttentionMask {
  return g.withScope(options.slidingWindow === undefined ? 'attention_mask' : 'sliding_attention_mask', () => {
    const keysLength = g.slice(g.shape(attentionMask), [1], [2]); // [1]
    const queriesLength = g.slice(g.shape(queries), [1], [2]); // [1]
    const square = g.concat([queriesLength, keysLength], 0);
    const ones = g.constantOfShape(square, 1, 'float32', ['queries', 'keys']);
    const offset = g.reshape(g.sub(keysLength, queriesLength), [], []); // scalar: keys − queries
    let visible = g.trilu(ones, false, offset); // [queries, keys]
    if (options.slidingWindow !== undefined) visible = g.mul(visible, g.trilu(ones, true, g.add(offset, g.constant(1 - options.slidingWindow, 'int64', []))));
    const padding = g.unsqueeze(g.cast(attentionMask, 'float32'), [1, 2]); // [batch, 1, 1, keys]
    const keep = g.mul(visible, padding); // [batch, 1, queries, keys]
    return { keep, bias: g.mul(g.sub(keep, 1), 1e9) };
  });
}

/**
 * Position ids the Hugging Face way for a padded batch: cumsum(mask) − 1, and 0 on padding, so a
 * left-padded sequence gets the same positions as when it is alone.
 */
export function positionIdsFromMask(mask: readonly (readonly number[])[]): number[][] {
  return mask.map((row) => {
    let position = -1;
    return row.map((keep) => (keep ? (position += 1) : 0)).map((value) => Math.max(value, 0));
  });
}
