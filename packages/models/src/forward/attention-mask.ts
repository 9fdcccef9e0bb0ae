import type { GraphBuilder, Value } from '@causal-tune/graph';

/**
 * The boolean attention mask [batch, 1, queries, keys]: query i (the i-th current token) may see
 * key j when j <= keys − queries + i (causal, with past/prefix keys all visible) and key j is not
 * padding. Works for any run-time lengths.
 */
export function buildAttentionMask(g: GraphBuilder, attentionMask: Value, queries: Value): Value {
  return g.withScope('attention_mask', () => {
    const keysLength = g.slice(g.shape(attentionMask), [1], [2]); // [1]
    const queriesLength = g.slice(g.shape(queries), [1], [2]); // [1]
    const square = g.concat([queriesLength, keysLength], 0);
    const ones = g.constantOfShape(square, 1, 'float32', ['queries', 'keys']);
    const offset = g.reshape(g.sub(keysLength, queriesLength), [], []); // scalar: keys − queries
    const causal = g.trilu(ones, false, offset); // [queries, keys]
    const padding = g.unsqueeze(g.cast(attentionMask, 'float32'), [1, 2]); // [batch, 1, 1, keys]
    return g.greater(g.mul(causal, padding), 0.5); // [batch, 1, queries, keys]
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
