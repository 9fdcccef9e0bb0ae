import type { LogFields, Logger, Tokenizer } from '@causal-tune/core';
import { createCharacterTokenizer } from '../__fixtures__/character-tokenizer.js';
import { loadGpt2Tokenizer, loadStoriesTokenizer } from '../__fixtures__/fixture-tokenizers.js';
import { ALPACA_TEMPLATE } from '../templates/alpaca-templates.js';
import { renderPrompt } from '../templates/render-prompt.js';
import { YES_NO_VERBALIZER, createVerbalizer } from './verbalizer.js';
import { verbalizerTokens } from './verbalizer-tokens.js';

let stories: Tokenizer;
beforeAll(async () => {
  stories = await loadStoriesTokenizer();
});

describe('verbalizerTokens with the stories260K tokenizer', () => {
  it('reads each word in the answer context, where its ids differ from the word alone', () => {
    const report = verbalizerTokens(YES_NO_VERBALIZER, stories);
    expect(report.context).toBe('### Response:\n');
    expect(report.entries).toEqual([
      { label: 1, word: 'yes', tokenIds: [422, 406], firstTokenId: 422, tokens: ['y', 'es'] },
      { label: 0, word: 'no', tokenIds: [416, 414], firstTokenId: 416, tokens: ['n', 'o'] },
    ]);
    // On its own "yes" starts with the word-initial piece ▁y (348), a token the model never
    // predicts after "### Response:\n".
    expect(stories.encode('yes')).toEqual([1, 348, 406]);
  });

  it('gives the same ids after a full rendered Alpaca prompt', () => {
    const context = renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Lily win?', input: 'Lily sued Tom.' });
    expect(verbalizerTokens(YES_NO_VERBALIZER, stories, { context }).entries.map((entry) => entry.tokenIds)).toEqual([
      [422, 406],
      [416, 414],
    ]);
  });

  it('warns about multi-token words and shared first tokens, also through the logger', () => {
    const warned: { message: string; fields?: LogFields }[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (message, fields) => warned.push({ message, fields }) };
    const verbalizer = createVerbalizer([
      { label: 1, word: 'yes' },
      { label: 0, word: 'yeah' },
      { label: 2, word: 'a' },
    ]);
    const report = verbalizerTokens(verbalizer, stories, { logger });
    expect(report.entries.map((entry) => [entry.word, entry.tokenIds])).toEqual([
      ['yes', [422, 406]],
      ['yeah', [422, 411, 412, 415]],
      ['a', [412]],
    ]);
    expect(report.warnings.map((warning) => warning.kind)).toEqual(['multi-token', 'multi-token', 'shared-first-token']);
    const shared = report.warnings[2];
    expect(shared).toMatchObject({ kind: 'shared-first-token', labels: [1, 0], words: ['yes', 'yeah'], tokenId: 422 });
    expect(shared?.message).toBe(
      'The words "yes", "yeah" of labels 1, 0 all begin with token 422, so the first answer token cannot tell these labels apart. Pick words that begin differently.',
    );
    expect(report.warnings[0]?.message).toBe(
      'The word "yes" of label 1 is 2 tokens ("y" "es"); label scores use its first token 422. A single-token word makes scoring exact.',
    );
    expect(warned.map((entry) => entry.fields?.['kind'])).toEqual(['multi-token', 'multi-token', 'shared-first-token']);
  });
});

describe('verbalizerTokens with single-token words', () => {
  it('reports no warnings', () => {
    const report = verbalizerTokens(createVerbalizer({ 1: 'Y', 0: 'N' }), createCharacterTokenizer());
    expect(report.warnings).toEqual([]);
    // Object keys come in JavaScript's order: integer keys ascending.
    expect(report.entries.map((entry) => [entry.label, entry.tokenIds])).toEqual([
      [0, ['N'.charCodeAt(0) + 3]],
      [1, ['Y'.charCodeAt(0) + 3]],
    ]);
  });
});

describe('verbalizerTokens with the GPT-2 tokenizer', () => {
  it('finds "yes" and "no" single tokens after the newline, not the space-prefixed ones', async () => {
    const gpt2 = await loadGpt2Tokenizer();
    const report = verbalizerTokens(YES_NO_VERBALIZER, gpt2);
    expect(report.entries.map((entry) => [entry.word, entry.tokenIds, entry.tokens])).toEqual([
      ['yes', [8505], ['yes']],
      ['no', [3919], ['no']],
    ]);
    expect(report.warnings).toEqual([]);
    // After a context ending in a space, the space merges with the word into " yes" (3763).
    expect(verbalizerTokens(YES_NO_VERBALIZER, gpt2, { context: 'Does Thompson win? Answer: ' }).entries[0]?.tokenIds).toEqual([3763]);
  });
});
