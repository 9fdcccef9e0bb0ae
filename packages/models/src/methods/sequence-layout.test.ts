import { extendPromptLearningBatch } from '../__fixtures__/peft-inputs.js';
import { layoutBatch } from './sequence-layout.js';

const rows = (data: BigInt64Array | Uint8Array, width: number) => Array.from({ length: data.length / width }, (_unused, row) => Array.from(data.subarray(row * width, (row + 1) * width), Number));

describe('layoutBatch (the one collator of training and inference)', () => {
  const sequences = [[7, 8], [4, 5, 6]];

  it('right-pads for training: prompt layouts get V virtual keys and queries first, positions 0..V+n−1', () => {
    const batch = layoutBatch(sequences, { kind: 'prompt', virtualTokens: 2 }, { padTokenId: 0, padding: 'right' });
    expect(rows(batch.inputIds, 3)).toEqual([[7, 8, 0], [4, 5, 6]]);
    expect(rows(batch.mask, 5)).toEqual([[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]]);
    expect(rows(batch.feeds.position_ids.data as BigInt64Array, 5)).toEqual([[0, 1, 2, 3, 0], [0, 1, 2, 3, 4]]);
    expect(batch.firstTokenQuery).toEqual([2, 2]);
  });

  it("left-pads for inference: the last query is every row's last token, positions as the row alone gets them", () => {
    const prefix = layoutBatch(sequences, { kind: 'prefix', virtualTokens: 2 }, { padTokenId: 9, padding: 'left' });
    expect(rows(prefix.inputIds, 3)).toEqual([[9, 7, 8], [4, 5, 6]]);
    expect(rows(prefix.mask, 5)).toEqual([[1, 1, 0, 1, 1], [1, 1, 1, 1, 1]]);
    expect(rows(prefix.feeds.position_ids.data as BigInt64Array, 3)).toEqual([[0, 2, 3], [2, 3, 4]]);
    expect(prefix.firstTokenQuery).toEqual([1, 0]);
    const plain = layoutBatch(sequences, { kind: 'none', virtualTokens: 0 }, { padTokenId: 9, padding: 'left' });
    expect(rows(plain.feeds.position_ids.data as BigInt64Array, 3)).toEqual([[0, 0, 1], [0, 1, 2]]);
  });

  it("equals PEFT's inputs on every real token where PEFT's are padding-invariant (right padding), for every layout", () => {
    for (const layout of [{ kind: 'none', virtualTokens: 0 }, { kind: 'prompt', virtualTokens: 3 }, { kind: 'prefix', virtualTokens: 3 }] as const) {
      const batch = layoutBatch(sequences, layout, { padTokenId: 0, padding: 'right' });
      const peft = extendPromptLearningBatch({ attentionMask: [[1, 1, 0], [1, 1, 1]] }, layout, { positions: 'padding-invariant' });
      expect(rows(batch.mask, batch.keys)).toEqual(peft.attentionMask);
      const real = (positions: number[][]) => positions.map((row, index) => row.filter((_position, query) => batch.mask[index * batch.keys + batch.keys - batch.queries + query] === 1));
      expect(real(rows(batch.feeds.position_ids.data as BigInt64Array, batch.queries))).toEqual(real(peft.positionIds));
    }
  });
});
