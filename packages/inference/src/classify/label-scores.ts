import { assert } from '@causal-tune/core';

/**
 * Probabilities over the label words from their log-probabilities under the whole vocabulary:
 * softmax restricted to the labels (the method's scoring), plus the mass the labels held before
 * renormalising (how much the model wanted to answer with a label word at all).
 */
export function labelProbabilities(logProbs: readonly number[]): { readonly probabilities: number[]; readonly labelMass: number } {
  const max = Math.max(...logProbs);
  const weights = logProbs.map((value) => Math.exp(value - max));
  const total = weights.reduce((sum, value) => sum + value, 0);
  return { probabilities: weights.map((value) => value / total), labelMass: Math.exp(max) * total };
}

/**
 * Contextual calibration (Zhao et al. 2021, "Calibrate Before Use", §5): with p̂_cf the label
 * probabilities the model gives a content-free input ("N/A"), W = diag(p̂_cf)⁻¹ and b = 0, the
 * calibrated probabilities are softmax-free renormalised W·p̂: q_i ∝ p̂_i / p̂_cf,i.
 */
export function calibrate(probabilities: readonly number[], contentFree: readonly number[]): number[] {
  assert(probabilities.length === contentFree.length, () => `calibrate got ${probabilities.length} probabilities but ${contentFree.length} content-free ones.`);
  const scaled = probabilities.map((value, index) => value / Math.max(contentFree[index]!, Number.MIN_VALUE));
  const total = scaled.reduce((sum, value) => sum + value, 0);
  return scaled.map((value) => value / total);
}

/** The element-wise mean of probability vectors (Zhao et al. average over several content-free inputs), renormalised. */
export function meanProbabilities(vectors: readonly (readonly number[])[]): number[] {
  assert(vectors.length > 0, () => 'meanProbabilities needs at least one vector.');
  const mean = vectors[0]!.map((_unused, index) => vectors.reduce((sum, vector) => sum + vector[index]!, 0) / vectors.length);
  const total = mean.reduce((sum, value) => sum + value, 0);
  return mean.map((value) => value / total);
}
