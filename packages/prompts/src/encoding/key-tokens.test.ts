import type { Tokenizer } from '@causal-tune/core';
import { courtRecord } from '../__fixtures__/court-records.js';
import { loadStoriesTokenizer } from '../__fixtures__/fixture-tokenizers.js';
import { buildPromptExample } from '../examples/prompt-example.js';
import { encodeExample } from './encode-example.js';
import { countKeyTokens, resolveKeyTokens } from './key-tokens.js';

let stories: Tokenizer;
beforeAll(async () => {
  stories = await loadStoriesTokenizer();
});

describe('resolveKeyTokens (stories260K)', () => {
  it('turns words into their first token after the answer context', () => {
    expect(resolveKeyTokens(['yes', 'no'], stories)).toEqual({
      ids: [416, 422],
      words: [
        { word: 'yes', tokenIds: [422] },
        { word: 'no', tokenIds: [416] },
      ],
    });
  });

  it('keeps every piece with firstTokenOnly false, shared pieces once', () => {
    expect(resolveKeyTokens(['yes', 'no', 'yes'], stories, { firstTokenOnly: false }).ids).toEqual([406, 414, 416, 422]);
  });

  it('rejects empty words', () => {
    expect(() => resolveKeyTokens([], stories)).toThrow('Expected at least one word.');
    expect(() => resolveKeyTokens(['yes', ' '], stories)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('counts key tokens per encoded court example', () => {
    const keyTokens = resolveKeyTokens(['yes', 'no'], stories);
    const encoded = encodeExample(buildPromptExample(courtRecord()), stories, { cutoffLength: 1024, keyTokenIds: keyTokens.ids });
    // Key ids also occur inside the prompt (wherever the facts tokenize to the same pieces);
    // the last occurrence is the answer's first token, right after the prompt.
    const positions = encoded.inputIds.flatMap((id, position) => (keyTokens.ids.includes(id) ? [position] : []));
    expect(encoded.keyTokenCount).toBe(positions.length);
    expect(positions.at(-1)).toBe(encoded.promptLength);
    expect(encoded.inputIds[encoded.promptLength]).toBe(422);
  });
});

describe('countKeyTokens', () => {
  it('counts every occurrence, from a list or a set', () => {
    expect(countKeyTokens([5, 7, 5, 9, 5], [5, 9])).toBe(4);
    expect(countKeyTokens([5, 7, 5], new Set([7]))).toBe(1);
    expect(countKeyTokens([5, 7], [])).toBe(0);
  });
});
