import type { Tokenizer } from '@causal-tune/core';
import { loadStoriesTokenizer } from '../__fixtures__/fixture-tokenizers.js';
import { commonPrefixLength, continuationTokenIds } from './continuation-tokens.js';

let stories: Tokenizer;
beforeAll(async () => {
  stories = await loadStoriesTokenizer();
});

describe('continuationTokenIds', () => {
  it('returns the ids the continuation gets after the prefix', () => {
    const result = continuationTokenIds(stories, 'The cat sat on the mat.\n', 'yes');
    expect(result.tokenIds).toEqual([422, 406]);
    expect(result.boundaryMerged).toBe(false);
    expect(result.prefixIds[0]).toBe(1);
  });

  it('reports a merge across the boundary and counts the merged token as the continuation', () => {
    // "The ca" ends in a piece that "The cat" replaces with another one.
    expect(stories.encode('The ca')).toEqual([1, 291, 280, 412]);
    expect(stories.encode('The cat')).toEqual([1, 291, 280, 294]);
    expect(continuationTokenIds(stories, 'The ca', 't')).toEqual({ tokenIds: [294], prefixIds: [1, 291, 280, 412], boundaryMerged: true });
  });
});

describe('commonPrefixLength', () => {
  it('counts the shared leading ids', () => {
    expect(commonPrefixLength([1, 2, 3], [1, 2, 4, 5])).toBe(2);
    expect(commonPrefixLength([], [1])).toBe(0);
    expect(commonPrefixLength([1, 2], [1, 2])).toBe(2);
  });
});
