import type { GraphBuilder, Value } from '@causal-tune/graph';

/** cos and sin tables [batch, 1, seq, headDim] for the positions, shared by every layer. */
export interface RotaryTables {
  readonly cos: Value;
  readonly sin: Value;
}

/**
 * RoPE tables in Hugging Face's convention (modeling_llama `LlamaRotaryEmbedding`):
 * inv_freq_i = θ^(−2i/d), freqs = position · inv_freq, emb = concat(freqs, freqs).
 */
export function buildRotaryTables(g: GraphBuilder, positionIds: Value, headDim: number, theta: number): RotaryTables {
  return g.withScope('rotary', () => {
    const inverseFrequency = Array.from({ length: headDim / 2 }, (_v, index) => 1 / theta ** ((2 * index) / headDim));
    const positions = g.unsqueeze(g.cast(positionIds, 'float32'), [-1]); // [batch, seq, 1]
    const frequencies = g.mul(positions, g.constant(inverseFrequency, 'float32', [headDim / 2])); // [batch, seq, d/2]
    const embedding = g.unsqueeze(g.concat([frequencies, frequencies], -1), [1]); // [batch, 1, seq, d]
    return { cos: g.cos(embedding), sin: g.sin(embedding) };
  });
}

/** x·cos + rotate_half(x)·sin, with rotate_half(x) = concat(−x₂, x₁) over the head dim. */
export function applyRotary(g: GraphBuilder, x: Value, tables: RotaryTables, headDim: number): Value {
  const half = headDim / 2;
  const first = g.slice(x, [0], [half], [-1]);
  const second = g.slice(x, [half], [headDim], [-1]);
  const rotated = g.concat([g.neg(second), first], -1);
  return g.add(g.mul(x, tables.cos), g.mul(rotated, tables.sin));
}
