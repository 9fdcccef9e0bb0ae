import { buildLossTargets, predictedTokenCount } from './loss-targets.js';

// Two examples: prompt tokens then answer + EOS; labels are -100 on the prompt.
const first = { inputIds: [1, 10, 11, 20, 2], labels: [-100, -100, -100, 20, 2], keyTokenCount: 2, classIndex: 0, answerPosition: 2 };
const second = { inputIds: [1, 12, 21, 2], labels: [-100, -100, 21, 2], keyTokenCount: 0, classIndex: 1, answerPosition: 1 };

describe('buildLossTargets', () => {
  it('shifts targets by one and weighs tokens by the step token mean', () => {
    const targets = buildLossTargets([first, second], 5, 0, { type: 'causal-lm', alpha: 1 }, { totalExamples: 2, totalTokens: 4 });
    expect(Array.from(targets.positions, Number)).toEqual([2, 3, 5 + 1, 5 + 2]);
    expect(Array.from(targets.targets, Number)).toEqual([20, 2, 21, 2]);
    expect(Array.from(targets.weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('scales each example mean by alpha·(1 + key tokens) for the key-token weighted loss', () => {
    const targets = buildLossTargets([first, second], 5, 0, { type: 'key-token-weighted', alpha: 0.5 }, { totalExamples: 2, totalTokens: 4 });
    // first: 0.5·(1+2)/(2 tokens·2 examples) = 0.375 per token; second: 0.5·1/(2·2) = 0.125.
    expect(Array.from(targets.weights)).toEqual([0.375, 0.375, 0.125, 0.125]);
  });

  it('offsets positions by virtual tokens and applies class weights', () => {
    const targets = buildLossTargets([first], 9, 4, { type: 'causal-lm', alpha: 1, classWeights: [3, 1] }, { totalExamples: 1, totalTokens: 2 });
    expect(Array.from(targets.positions, Number)).toEqual([6, 7]);
    expect(Array.from(targets.weights)).toEqual([1.5, 1.5]);
  });

  it('takes one row per example at the answer position for the label-word loss', () => {
    const targets = buildLossTargets([first, second], 5, 0, { type: 'label-word', alpha: 1 }, { totalExamples: 2, totalTokens: 4 });
    expect(Array.from(targets.positions, Number)).toEqual([2, 6]);
    expect(Array.from(targets.targets, Number)).toEqual([0, 1]);
    expect(Array.from(targets.weights)).toEqual([0.5, 0.5]);
  });

  it('refuses the label-word loss for an unlabelled example', () => {
    expect(() => buildLossTargets([{ ...first, classIndex: undefined }], 5, 0, { type: 'label-word', alpha: 1 }, { totalExamples: 1, totalTokens: 1 })).toThrow(/label-word loss needs a label/);
  });

  it('counts predicted tokens', () => {
    expect(predictedTokenCount(first)).toBe(2);
  });
});
