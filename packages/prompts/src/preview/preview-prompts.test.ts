import type { InstructionRecord } from '@causal-tune/data-prep';
import { FACTS, courtRecord, match } from '../__fixtures__/court-records.js';
import { createCharacterTokenizer } from '../__fixtures__/character-tokenizer.js';
import { ALPACA_TEMPLATE } from '../templates/alpaca-templates.js';
import { renderPrompt } from '../templates/render-prompt.js';
import { previewPrompts } from './preview-prompts.js';

const unmatched = match('unmatched');
const records = [
  courtRecord({ row: 1, id: 'TRAIN_0000', firstPartyWinner: 1 }),
  courtRecord({ row: 2, id: 'TRAIN_0001', firstPartyMatch: unmatched, firstPartyWinner: 1 }),
  courtRecord({ row: 3, id: 'TRAIN_0002', firstPartyMatch: unmatched, secondPartyMatch: unmatched, firstPartyWinner: 0 }),
  courtRecord({ row: 4, id: 'TEST_0000', firstPartyWinner: undefined }),
];

describe('previewPrompts', () => {
  it('renders the first N training texts with their answers', () => {
    const preview = previewPrompts(records, { show: 2 });
    expect(preview.total).toBe(4);
    expect(preview.previews).toHaveLength(2);
    const prompt = renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Phil A. St. Amant win?', input: FACTS });
    expect(preview.previews[0]).toEqual({
      row: 1,
      id: 'TRAIN_0000',
      template: 'alpaca',
      instruction: 'Does Phil A. St. Amant win?',
      input: FACTS,
      answer: 'yes',
      askedAbout: 'first_party',
      party: 'Phil A. St. Amant',
      prompt,
      text: `${prompt}yes`,
    });
    expect(preview.previews[1]).toMatchObject({ instruction: 'Does Herman A. Thompson win?', answer: 'no', askedAbout: 'second_party' });
  });

  it('counts over every record, not only the shown ones', () => {
    expect(previewPrompts(records, { show: 1 }).summary).toEqual({
      askedAbout: { first_party: 2, second_party: 1, complainant: 1 },
      answers: { yes: 1, no: 2 },
      unlabelled: 1,
    });
  });

  it('shows the inference text for unlabelled records, and token counts with a tokenizer', () => {
    const preview = previewPrompts(records, { show: 10, tokenizer: createCharacterTokenizer() });
    const last = preview.previews[3];
    expect(last?.answer).toBeUndefined();
    expect(last?.text).toBe(last?.prompt);
    expect(last?.text.endsWith('### Response:\n')).toBe(true);
    expect(preview.previews.map((entry) => entry.tokenCount)).toEqual(preview.previews.map((entry) => 1 + entry.text.length));
  });

  it('previews Alpaca-style records', () => {
    const instructions: InstructionRecord[] = [{ row: 1, instruction: 'Say hi.', input: '', output: 'Hi!' }];
    const [entry] = previewPrompts(instructions).previews;
    expect(entry).toMatchObject({ row: 1, template: 'alpaca-no-input', instruction: 'Say hi.', input: '', answer: 'Hi!' });
    expect(entry?.text.endsWith('### Instruction:\nSay hi.\n\n### Response:\nHi!')).toBe(true);
    expect(entry).not.toHaveProperty('id');
  });

  it('defaults to five previews and rejects a bad count', () => {
    expect(previewPrompts(Array.from({ length: 7 }, (_, index) => courtRecord({ row: index + 1 }))).previews).toHaveLength(5);
    expect(() => previewPrompts(records, { show: -1 })).toThrow("Option 'show' of 'previewPrompts' must be a non-negative integer, but got -1.");
  });
});
