import type { SeededRandom } from '@causal-tune/core';
import type { SamplingSettings } from './generation-presets.js';

/** The token picked for one row and its log-probability under the model. */
export interface PickedToken {
  readonly tokenId: number;
  /** log p(token) from the model's raw logits (log-softmax), before penalty, temperature or filtering. */
  readonly logProb: number;
}

// Tokens below this share of the most likely one are never worth sorting for top-p: their
// total mass over a 50k vocabulary is at most 5e-8 (they are kept if the kept set falls short).
const NEGLIGIBLE_RATIO = 1e-12;

/**
 * CTRL's repetition penalty (transformers' RepetitionPenaltyLogitsProcessor) in place: each
 * distinct token already seen has its logit divided by `penalty` when positive, multiplied when
 * negative.
 */
export function applyRepetitionPenalty(logits: Float32Array, seen: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(seen)) {
    const value = logits[id]!;
    logits[id] = value < 0 ? value * penalty : value / penalty;
  }
}

/** log-softmax of `logits` at `index`. */
export function logSoftmaxAt(logits: Float32Array, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let position = 0; position < logits.length; position += 1) if (logits[position]! > max) max = logits[position]!;
  let sum = 0;
  for (let position = 0; position < logits.length; position += 1) sum += Math.exp(logits[position]! - max);
  return logits[index]! - max - Math.log(sum);
}

/** Index of the largest value (the first one on ties, as torch.argmax). */
export function argmax(values: Float32Array): number {
  let best = 0;
  for (let index = 1; index < values.length; index += 1) if (values[index]! > values[best]!) best = index;
  return best;
}

/**
 * Picks the next token from one row's logits in transformers' order: repetition penalty, then
 * (sampling only) temperature, top-k, top-p, and a draw from `random`; greedy takes the argmax of
 * the penalised logits. `logits` is not modified.
 */
export function pickNextToken(logits: Float32Array, settings: SamplingSettings, seen: readonly number[], random: SeededRandom | undefined): PickedToken {
  const scores = settings.repetitionPenalty === 1 ? logits : Float32Array.from(logits);
  applyRepetitionPenalty(scores, seen, settings.repetitionPenalty);
  const tokenId = settings.doSample && random !== undefined ? sample(scores, settings, random) : argmax(scores);
  return { tokenId, logProb: logSoftmaxAt(logits, tokenId) };
}

function sample(scores: Float32Array, settings: SamplingSettings, random: SeededRandom): number {
  const temperature = settings.temperature > 0 ? settings.temperature : 1;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of scores) if (value > max) max = value;
  // Unnormalised probabilities exp((x − max) / T); the normalisation cancels below.
  const weights = new Float64Array(scores.length);
  for (let index = 0; index < scores.length; index += 1) weights[index] = Math.exp((scores[index]! - max) / temperature);
  let candidates: number[] = [];
  for (let index = 0; index < weights.length; index += 1) if (weights[index]! >= NEGLIGIBLE_RATIO) candidates.push(index);
  candidates.sort((a, b) => weights[b]! - weights[a]! || a - b);
  if (settings.topK > 0 && candidates.length > settings.topK) candidates = candidates.slice(0, settings.topK);
  if (settings.topP < 1) {
    let total = 0;
    for (const index of candidates) total += weights[index]!;
    // With top-k, top-p sees the renormalised top-k distribution, as transformers' warpers chain.
    let cumulative = 0;
    let keep = 0;
    while (keep < candidates.length && cumulative < settings.topP * total) {
      cumulative += weights[candidates[keep]!]!;
      keep += 1;
    }
    candidates = candidates.slice(0, Math.max(1, keep));
  }
  let total = 0;
  for (const index of candidates) total += weights[index]!;
  let threshold = random.nextFloat() * total;
  for (const index of candidates) {
    threshold -= weights[index]!;
    if (threshold < 0) return index;
  }
  return candidates[candidates.length - 1]!;
}
