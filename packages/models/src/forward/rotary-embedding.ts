import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { RopeScaling } from '../families/shared/rope-config.js';

/** cos and sin tables [batch, 1, seq, headDim] for the positions, shared by every layer. */
export interface RotaryTables {
  readonly cos: Value;
  readonly sin: Value;
}

/** What the rotary embedding of a family depends on. */
export interface RopeSettings {
  readonly headDim: number;
  /** rope_theta. */
  readonly theta: number;
  readonly scaling: RopeScaling | null;
  /** max_position_embeddings: where dynamic NTK scaling starts. */
  readonly maxPositionEmbeddings: number;
}

/**
 * The inverse frequencies of RoPE as transformers computes them (modeling_rope_utils.py):
 * inv_freq_i = θ^(−2i/d); linear scaling divides them by the factor; llama3 divides the low
 * frequencies (wavelength above original / low_freq_factor) by the factor, keeps the high ones
 * (below original / high_freq_factor) and interpolates smoothly between. Dynamic scaling depends
 * on the sequence, so it is built in the graph (see {@link buildRotaryTables}); here it is plain.
 */
export function ropeInverseFrequencies(settings: RopeSettings): number[] {
  const { headDim, theta, scaling } = settings;
  const plain = Array.from({ length: headDim / 2 }, (_v, index) => 1 / theta ** ((2 * index) / headDim));
  if (scaling === null || scaling.type === 'dynamic') return plain;
  if (scaling.type === 'linear') return plain.map((frequency) => frequency / scaling.factor);
  const { factor, lowFreqFactor, highFreqFactor, originalMaxPositionEmbeddings: context } = scaling;
  const lowFrequencyWavelength = context / lowFreqFactor;
  const highFrequencyWavelength = context / highFreqFactor;
  return plain.map((frequency) => {
    const wavelength = (2 * Math.PI) / frequency;
    if (wavelength < highFrequencyWavelength) return frequency;
    if (wavelength > lowFrequencyWavelength) return frequency / factor;
    const smooth = (context / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return (1 - smooth) * (frequency / factor) + smooth * frequency;
  });
}

/**
 * Dynamic NTK scaling's inverse frequencies [d/2] for this batch (transformers'
 * `_compute_dynamic_ntk_parameters` with `dynamic_rope_update`): with L = max(max position + 1,
 * max_position_embeddings), base = θ · (factor · L / max_position_embeddings − (factor − 1))^(d / (d − 2)),
 * inv_freq_i = base^(−2i/d). Up to max_position_embeddings it is plain RoPE.
 */
function dynamicInverseFrequencies(g: GraphBuilder, positions: Value, settings: RopeSettings, factor: number): Value {
  const { headDim, theta, maxPositionEmbeddings: original } = settings;
  const length = g.add(g.reduceMax(positions, [], false), 1); // scalar: longest sequence of the batch
  const beyond = g.sub(length, original);
  const clamped = g.add(g.where(g.greater(beyond, 0), beyond, 0), original); // max(L, original)
  const ratio = g.sub(g.div(g.mul(clamped, factor), original), factor - 1);
  const base = g.mul(g.pow(ratio, headDim / (headDim - 2)), theta);
  const exponents = Array.from({ length: headDim / 2 }, (_v, index) => (-2 * index) / headDim);
  return g.pow(base, g.constant(exponents, 'float32', [headDim / 2])); // [d/2]
}

/**
 * RoPE tables in Hugging Face's convention (modeling_llama `LlamaRotaryEmbedding`):
 * freqs = position · inv_freq, emb = concat(freqs, freqs), with the config's scaling.
 */
export function buildRotaryTables(g: GraphBuilder, positionIds: Value, settings: RopeSettings): RotaryTables {
  return g.withScope('rotary', () => {
    const { headDim, scaling } = settings;
    const positions = g.unsqueeze(g.cast(positionIds, 'float32'), [-1]); // [batch, seq, 1]
    const inverse = scaling?.type === 'dynamic' ? dynamicInverseFrequencies(g, positions, settings, scaling.factor) : g.constant(ropeInverseFrequencies(settings), 'float32', [headDim / 2]);
    const frequencies = g.mul(positions, inverse); // [batch, seq, d/2]
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
