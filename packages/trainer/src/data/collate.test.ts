import { collateBatch } from './collate.js';

const a = { inputIds: [1, 10, 20, 2], labels: [-100, -100, 20, 2], keyTokenCount: 0, classIndex: 0, answerPosition: 1 };
const b = { inputIds: [1, 21, 2], labels: [-100, 21, 2], keyTokenCount: 0, classIndex: 1, answerPosition: 0 };
const weighting = { type: 'causal-lm' as const, alpha: 1 };
const totals = { totalExamples: 2, totalTokens: 4 };
const numbers = (data: ArrayLike<bigint | number>) => Array.from(data, Number);

describe('collateBatch', () => {
  it('right-pads tokens and masks padding', () => {
    const { feeds, tokenCount } = collateBatch([a, b], { kind: 'none', virtualTokens: 0 }, 0, weighting, totals);
    expect(feeds.input_ids!.dims).toEqual([2, 4]);
    expect(numbers(feeds.input_ids!.data)).toEqual([1, 10, 20, 2, 1, 21, 2, 0]);
    expect(numbers(feeds.attention_mask!.data)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(numbers(feeds.position_ids!.data)).toEqual([0, 1, 2, 3, 0, 1, 2, 0]);
    expect(numbers(feeds.answer_positions!.data)).toEqual([1, 4]);
    expect(numbers(feeds.loss_positions!.data)).toEqual([1, 2, 4, 5]);
    expect(tokenCount).toBe(7);
  });

  it('prepends virtual tokens for prompt tuning: mask, positions and rows grow by V', () => {
    const { feeds } = collateBatch([a, b], { kind: 'prompt', virtualTokens: 2 }, 0, weighting, totals);
    expect(feeds.attention_mask!.dims).toEqual([2, 6]);
    expect(numbers(feeds.attention_mask!.data)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(numbers(feeds.position_ids!.data)).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 0]);
    expect(numbers(feeds.answer_positions!.data)).toEqual([3, 8]);
    expect(numbers(feeds.loss_positions!.data)).toEqual([3, 4, 8, 9]);
  });

  it('offsets positions by V for prefix tuning, with the mask covering the prefix', () => {
    const { feeds } = collateBatch([a, b], { kind: 'prefix', virtualTokens: 2 }, 0, weighting, totals);
    expect(feeds.attention_mask!.dims).toEqual([2, 6]);
    expect(feeds.position_ids!.dims).toEqual([2, 4]);
    expect(numbers(feeds.position_ids!.data)).toEqual([2, 3, 4, 5, 2, 3, 4, 0]);
    expect(numbers(feeds.loss_positions!.data)).toEqual([1, 2, 4, 5]);
  });
});
