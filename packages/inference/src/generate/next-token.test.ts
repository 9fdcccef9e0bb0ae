import { createSeededRandom } from '@causal-tune/core';
import { GENERATION_PRESETS } from './generation-presets.js';
import { applyRepetitionPenalty, argmax, logSoftmaxAt, pickNextToken } from './next-token.js';

const GREEDY = GENERATION_PRESETS.greedy;
const SAMPLE = { ...GREEDY, doSample: true };

function frequencies(logits: number[], settings: typeof SAMPLE, draws = 4000): number[] {
  const random = createSeededRandom(3);
  const counts = logits.map(() => 0);
  for (let draw = 0; draw < draws; draw += 1) counts[pickNextToken(Float32Array.from(logits), settings, [], random).tokenId]! += 1;
  return counts.map((count) => count / draws);
}

describe('next-token selection', () => {
  it('greedy takes the argmax and scores it with the raw log-softmax', () => {
    const logits = Float32Array.from([1, 3, 2]);
    const picked = pickNextToken(logits, GREEDY, [], undefined);
    expect(picked.tokenId).toBe(1);
    expect(picked.logProb).toBeCloseTo(3 - Math.log(Math.exp(1) + Math.exp(3) + Math.exp(2)), 6);
    expect(argmax(Float32Array.from([2, 5, 5]))).toBe(1);
    expect(logSoftmaxAt(Float32Array.from([0, 0]), 0)).toBeCloseTo(Math.log(0.5), 9);
  });

  it('applies the CTRL repetition penalty: positive logits divided, negative multiplied, once per token', () => {
    const logits = Float32Array.from([2, -2, 1]);
    applyRepetitionPenalty(logits, [0, 1, 0], 2);
    expect([...logits]).toEqual([1, -4, 1]);
    // The penalty can move greedy off a repeated token, but the score stays the model's own.
    const picked = pickNextToken(Float32Array.from([2, 1.5]), { ...GREEDY, repetitionPenalty: 2 }, [0], undefined);
    expect(picked.tokenId).toBe(1);
    expect(picked.logProb).toBeCloseTo(1.5 - Math.log(Math.exp(2) + Math.exp(1.5)), 6);
  });

  it('samples in proportion to softmax(logits / temperature)', () => {
    const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    const plain = frequencies(logits, SAMPLE);
    expect(plain[0]).toBeCloseTo(0.5, 1);
    expect(plain[1]).toBeCloseTo(0.3, 1);
    // T = 0.5 squares the probabilities: 0.25 : 0.09 : 0.04 → 0.658, 0.237, 0.105.
    const sharp = frequencies(logits, { ...SAMPLE, temperature: 0.5 });
    expect(sharp[0]).toBeCloseTo(0.658, 1);
    expect(sharp[2]).toBeCloseTo(0.105, 1);
  });

  it('keeps the top k, and the smallest set reaching top_p', () => {
    const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)];
    expect(frequencies(logits, { ...SAMPLE, topK: 2 }).slice(2)).toEqual([0, 0]);
    // top_p 0.75: 0.5 < 0.75, 0.5 + 0.3 ≥ 0.75 → {0, 1}, renormalised 0.625 : 0.375.
    const nucleus = frequencies(logits, { ...SAMPLE, topP: 0.75 });
    expect(nucleus.slice(2)).toEqual([0, 0]);
    expect(nucleus[0]).toBeCloseTo(0.625, 1);
    // top_p below the first token's share keeps that token alone.
    expect(frequencies(logits, { ...SAMPLE, topP: 0.1 })[0]).toBe(1);
  });

  it('is reproducible for a seed', () => {
    const logits = Float32Array.from([0, 0, 0, 0, 0, 0]);
    const draw = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 12 }, () => pickNextToken(logits, SAMPLE, [], random).tokenId);
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });
});
