import { extendPromptLearningBatch } from './prompt-learning-batch.js';

const batch = { attentionMask: [[0, 1, 1], [1, 1, 1]], labels: [[-100, 5, 6], [4, 5, 6]], positionIds: [[0, 0, 1], [0, 1, 2]] };

describe('extendPromptLearningBatch', () => {
  it('prompt tuning and p-tuning: V ones and V labels of −100 in front; PEFT numbers every input 0..V+seq−1', () => {
    const extended = extendPromptLearningBatch(batch, { kind: 'prompt', virtualTokens: 2 });
    expect(extended.attentionMask).toEqual([[1, 1, 0, 1, 1], [1, 1, 1, 1, 1]]);
    expect(extended.labels).toEqual([[-100, -100, -100, 5, 6], [-100, -100, 4, 5, 6]]);
    expect(extended.positionIds).toEqual([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]); // PEFT drops the given position ids
    expect(extendPromptLearningBatch(batch, { kind: 'prompt', virtualTokens: 2 }, { positions: 'padding-invariant' }).positionIds).toEqual([[0, 1, 0, 2, 3], [0, 1, 2, 3, 4]]);
  });

  it('prefix tuning: V ones in front of the mask only; positions after the prefix', () => {
    const extended = extendPromptLearningBatch(batch, { kind: 'prefix', virtualTokens: 2 });
    expect(extended.attentionMask).toEqual([[1, 1, 0, 1, 1], [1, 1, 1, 1, 1]]);
    expect(extended.labels).toEqual(batch.labels);
    expect(extended.positionIds).toEqual([[2, 2, 3], [2, 3, 4]]); // the given ids + V
    expect(extendPromptLearningBatch({ attentionMask: batch.attentionMask }, { kind: 'prefix', virtualTokens: 2 }).positionIds).toEqual([[2, 3, 4], [2, 3, 4]]);
    expect(extendPromptLearningBatch({ attentionMask: batch.attentionMask }, { kind: 'prefix', virtualTokens: 2 }, { positions: 'padding-invariant' }).positionIds).toEqual([[2, 2, 3], [2, 3, 4]]);
  });

  it('LoRA: the batch as it is, with mask-derived positions when none are given', () => {
    expect(extendPromptLearningBatch({ attentionMask: batch.attentionMask }, { kind: 'none', virtualTokens: 0 })).toEqual({ attentionMask: batch.attentionMask, positionIds: [[0, 0, 1], [0, 1, 2]] });
  });
});
