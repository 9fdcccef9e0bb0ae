import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { AttentionMask } from './attention-mask.js';
import type { KeyValue } from './forward-types.js';

/** Sizes of one attention layer. */
export interface AttentionShape {
  readonly numAttentionHeads: number;
  readonly numKeyValueHeads: number;
  readonly headDim: number;
}

/** [batch, seq, heads·headDim] → [batch, heads, seq, headDim]. */
export function splitHeads(g: GraphBuilder, x: Value, heads: number, headDim: number): Value {
  const [batch, seq] = x.shape;
  return g.transpose(g.reshape(x, [0, 0, heads, headDim], [batch!, seq!, heads, headDim]), [0, 2, 1, 3]);
}

/**
 * Scaled dot-product attention over [prefix, past, current] keys with grouped-query heads.
 * q: [batch, heads, seq, headDim]; k, v: [batch, kvHeads, seq, headDim] for the current tokens.
 * Returns the merged output [batch, seq, heads·headDim] and the keys/values to cache
 * (past + current; the prefix is never cached, it is constant).
 */
export function attend(g: GraphBuilder, q: Value, current: KeyValue, mask: AttentionMask, shape: AttentionShape, past?: KeyValue, prefix?: KeyValue): { output: Value; present: KeyValue } {
  const { numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim } = shape;
  const present = past ? { key: g.concat([past.key, current.key], 2), value: g.concat([past.value, current.value], 2) } : current;
  // Prefix + tokens take the mask's key-length name (Concat cannot name a sum; autodiff needs it).
  const keys = mask.keep.shape[3]!;
  const withPrefix = (prefixPart: Value, rest: Value) => g.reshape(g.concat([prefixPart, rest], 2), [0, 0, -1, headDim], [rest.shape[0]!, kvHeads, keys, headDim]);
  const key = prefix ? withPrefix(prefix.key, present.key) : present.key;
  const value = prefix ? withPrefix(prefix.value, present.value) : present.value;
  const repeat = (t: Value) => (heads === kvHeads ? t : repeatKeyValue(g, t, heads / kvHeads));
  const scores = g.mul(g.matMul(q, g.transposeLast2(repeat(key))), 1 / Math.sqrt(headDim)); // [batch, heads, seq, keys]
  const probabilities = g.softmax(g.add(g.mul(scores, mask.keep), mask.bias), -1);
  const context = g.matMul(probabilities, repeat(value)); // [batch, heads, seq, headDim]
  const [batch, , seq] = q.shape;
  const output = g.reshape(g.transpose(context, [0, 2, 1, 3]), [0, 0, heads * headDim], [batch!, seq!, heads * headDim]);
  return { output, present };
}

/** transformers' repeat_kv: each key/value head serves `times` consecutive query heads. */
function repeatKeyValue(g: GraphBuilder, x: Value, times: number): Value {
  const [batch, kvHeads, length, headDim] = x.shape;
  const expanded = g.expand(g.unsqueeze(x, [2]), g.concat([g.slice(g.shape(x), [0], [2]), g.constant([times], 'int64'), g.slice(g.shape(x), [2], [4])], 0), [batch!, kvHeads!, times, length!, headDim!]);
  return g.reshape(expanded, [0, (kvHeads as number) * times, -1, headDim as number], [batch!, (kvHeads as number) * times, length!, headDim!]);
}
