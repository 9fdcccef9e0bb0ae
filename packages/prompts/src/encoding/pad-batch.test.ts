import { isToolkitError } from '@causal-tune/core';
import { CHARACTER_IDS, createCharacterTokenizer } from '../__fixtures__/character-tokenizer.js';
import { ALPACA_NO_INPUT_TEMPLATE } from '../templates/alpaca-templates.js';
import { IGNORE_INDEX, encodeExample } from './encode-example.js';
import type { EncodedExample } from './encode-example.js';
import { collateBatch, padBatch, resolvePadTokenId } from './pad-batch.js';

const short: EncodedExample = { inputIds: [1, 10, 11], attentionMask: [1, 1, 1], labels: [-100, 10, 11], promptLength: 1, truncatedCharacters: 0, prompt: 'a', keyTokenCount: 1 };
const long: EncodedExample = { inputIds: [1, 20, 21, 22, 2], attentionMask: [1, 1, 1, 1, 1], labels: [-100, -100, 21, 22, 2], promptLength: 2, truncatedCharacters: 0, prompt: 'b', keyTokenCount: 0 };

describe('padBatch', () => {
  it('pads on the right to the longest example by default', () => {
    expect(padBatch([short, long], { padTokenId: 0 })).toEqual({
      batchSize: 2,
      sequenceLength: 5,
      inputIds: [
        [1, 10, 11, 0, 0],
        [1, 20, 21, 22, 2],
      ],
      attentionMask: [
        [1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1],
      ],
      labels: [
        [-100, 10, 11, -100, -100],
        [-100, -100, 21, 22, 2],
      ],
      keyTokenCounts: [1, 0],
    });
  });

  it('pads on the left for batched generation', () => {
    const batch = padBatch([short, long], { padTokenId: 0, side: 'left' });
    expect(batch.inputIds[0]).toEqual([0, 0, 1, 10, 11]);
    expect(batch.attentionMask[0]).toEqual([0, 0, 1, 1, 1]);
    expect(batch.labels[0]).toEqual([-100, -100, -100, 10, 11]);
    expect(batch.inputIds[1]).toEqual(long.inputIds);
  });

  it('pads to a fixed length and to a multiple', () => {
    expect(padBatch([short], { padTokenId: 0, length: 6 }).inputIds).toEqual([[1, 10, 11, 0, 0, 0]]);
    expect(padBatch([short, long], { padTokenId: 0, padToMultipleOf: 8 }).sequenceLength).toBe(8);
  });

  it('takes the pad id from the tokenizer, else its EOS id', () => {
    expect(padBatch([short], { length: 4, tokenizer: createCharacterTokenizer() }).inputIds[0]?.[3]).toBe(CHARACTER_IDS.pad);
    expect(padBatch([short], { length: 4, tokenizer: createCharacterTokenizer({ pad: false }) }).inputIds[0]?.[3]).toBe(CHARACTER_IDS.eos);
    expect(() => resolvePadTokenId({ padTokenId: null, eosTokenId: null })).toThrow('neither a pad token nor an EOS token');
    expect(() => padBatch([short])).toThrow("'padBatch' needs option 'padTokenId' or option 'tokenizer'");
  });

  it('refuses a fixed length shorter than an example, and an empty batch', () => {
    try {
      padBatch([short, long], { padTokenId: 0, length: 4 });
      throw new Error('expected a failure');
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toBe(
        "Example 1 passed to 'padBatch' is 5 tokens, longer than the fixed length 4. Encode with cutoffLength at most 4 or raise the length.",
      );
    }
    expect(() => padBatch([], { padTokenId: 0 })).toThrow("Argument 'examples' passed to 'padBatch' is empty.");
  });

  it('pads real encoded examples so that every row keeps its tokens in order', () => {
    const tokenizer = createCharacterTokenizer();
    const examples = ['Say hi.', 'Name a primary colour.'].map((instruction) =>
      encodeExample({ template: ALPACA_NO_INPUT_TEMPLATE, variables: { instruction }, answer: 'ok' }, tokenizer),
    );
    for (const side of ['left', 'right'] as const) {
      const batch = padBatch(examples, { tokenizer, side });
      batch.inputIds.forEach((row, index) => {
        expect(row.filter((_, position) => batch.attentionMask[index]?.[position] === 1)).toEqual(examples[index]?.inputIds);
        expect(batch.labels[index]?.filter((label) => label !== IGNORE_INDEX)).toEqual(examples[index]?.labels.filter((label) => label !== IGNORE_INDEX));
      });
    }
  });
});

describe('collateBatch', () => {
  it('flattens rows into int64 tensors with their dims', () => {
    const batch = collateBatch([short, long], { padTokenId: 0, side: 'left' });
    expect(batch.dims).toEqual([2, 5]);
    expect(Array.from(batch.inputIds, Number)).toEqual([0, 0, 1, 10, 11, 1, 20, 21, 22, 2]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(batch.labels, Number)).toEqual([-100, -100, -100, 10, 11, -100, -100, 21, 22, 2]);
    expect(batch.inputIds).toBeInstanceOf(BigInt64Array);
    expect(Array.from(batch.keyTokenCounts)).toEqual([1, 0]);
  });
});
