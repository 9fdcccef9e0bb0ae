import { FACTS, courtRecord, match } from '../__fixtures__/court-records.js';
import { createVerbalizer } from '../verbalizer/verbalizer.js';
import { buildCourtPrompt, firstPartyWinnerFromAnswer } from './court-prompt.js';
import type { AskedAbout } from './court-prompt.js';

const unmatched = match('unmatched');

// Match situations that lead to each party being asked about.
const situations: Record<AskedAbout, Parameters<typeof courtRecord>[0]> = {
  first_party: {},
  second_party: { firstPartyMatch: unmatched },
  complainant: { firstPartyMatch: unmatched, secondPartyMatch: unmatched },
};

describe('buildCourtPrompt', () => {
  it.each([
    // asked about, first_party_winner, instruction, answer
    ['first_party', 1, 'Does Phil A. St. Amant win?', 'yes'],
    ['first_party', 0, 'Does Phil A. St. Amant win?', 'no'],
    ['second_party', 1, 'Does Herman A. Thompson win?', 'no'],
    ['second_party', 0, 'Does Herman A. Thompson win?', 'yes'],
    ['complainant', 1, 'Does Complainant win?', 'yes'],
    ['complainant', 0, 'Does Complainant win?', 'no'],
  ] as const)('asks about %s; first_party_winner %i → %j answered %j', (askedAbout, firstPartyWinner, instruction, answer) => {
    const prompt = buildCourtPrompt(courtRecord({ ...situations[askedAbout], firstPartyWinner }));
    expect(prompt).toEqual({
      instruction,
      input: FACTS,
      answer,
      askedAbout,
      party: instruction.slice('Does '.length, -' win?'.length),
    });
  });

  it.each(['first_party', 'second_party', 'complainant'] as const)('has no answer for an unlabelled record asked about %s', (askedAbout) => {
    const prompt = buildCourtPrompt(courtRecord({ ...situations[askedAbout], firstPartyWinner: undefined }));
    expect(prompt.askedAbout).toBe(askedAbout);
    expect('answer' in prompt).toBe(false);
  });

  it('asks about the first party for every match case but unmatched', () => {
    for (const matchCase of ['full_name', 'single_tag', 'multi_tag'] as const) {
      expect(buildCourtPrompt(courtRecord({ firstPartyMatch: match(matchCase, 'St. Amant', 0) })).askedAbout).toBe('first_party');
    }
  });

  it('uses the cleaned facts, not the raw ones, as the input', () => {
    const prompt = buildCourtPrompt(courtRecord({ facts: '<p>Raw  facts</p>', cleanFacts: 'Raw facts' }));
    expect(prompt.input).toBe('Raw facts');
  });

  it('asks with the matched alias when told to', () => {
    expect(buildCourtPrompt(courtRecord({ firstPartyMatch: match('single_tag', 'St. Amant', 9) }), { useAlias: true })).toMatchObject({
      instruction: 'Does St. Amant win?',
      party: 'St. Amant',
      askedAbout: 'first_party',
    });
    expect(buildCourtPrompt(courtRecord({ firstPartyMatch: unmatched }), { useAlias: true })).toMatchObject({
      instruction: 'Does Thompson win?',
      askedAbout: 'second_party',
    });
    expect(buildCourtPrompt(courtRecord(situations.complainant), { useAlias: true }).instruction).toBe('Does Complainant win?');
  });

  it("answers with the verbalizer's words", () => {
    const verbalizer = createVerbalizer({ 1: 'Yes', 0: 'No' });
    expect(buildCourtPrompt(courtRecord({ firstPartyMatch: unmatched, firstPartyWinner: 0 }), { verbalizer }).answer).toBe('Yes');
  });
});

describe('firstPartyWinnerFromAnswer', () => {
  it('inverts the answer table for every labelled case', () => {
    for (const askedAbout of ['first_party', 'second_party', 'complainant'] as const) {
      for (const firstPartyWinner of [0, 1] as const) {
        const prompt = buildCourtPrompt(courtRecord({ ...situations[askedAbout], firstPartyWinner }));
        expect(firstPartyWinnerFromAnswer(prompt.askedAbout, prompt.answer === 'yes')).toBe(firstPartyWinner);
      }
    }
  });
});
