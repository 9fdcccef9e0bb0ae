import type { PartyMatch, PreparedCourtRecord } from '@causal-tune/data-prep';

/** A party match in the given case; unmatched parties have no alias or offset. */
export function match(matchCase: PartyMatch['case'], alias: string | null = null, offset: number | null = null): PartyMatch {
  return matchCase === 'unmatched'
    ? { case: 'unmatched', tags: [], alias: null, offset: null }
    : { case: matchCase, tags: ['PER'], alias, offset };
}

/** Facts in the style of the Oyez summaries of the Dacon court data set. */
export const FACTS =
  'In 1962, Phil A. St. Amant, a candidate for public office, made a television speech in Baton Rouge, Louisiana. ' +
  'During this speech, St. Amant accused his political opponent of being a communist and of being involved in criminal activities with the head of the local Teamsters Union. ' +
  'Finally, St. Amant implicated Herman Thompson, an East Baton Rouge deputy sheriff, in a scheme to move money between the Teamsters Union and St. Amant’s political opponent. ' +
  'Thompson successfully sued St. Amant for defamation.';

/** A prepared court record; by default both parties are found and the first party won. */
export function courtRecord(overrides: Partial<PreparedCourtRecord> = {}): PreparedCourtRecord {
  return {
    row: 1,
    id: 'TRAIN_0000',
    firstParty: 'Phil A. St. Amant',
    secondParty: 'Herman A. Thompson',
    facts: `<p>${FACTS}</p>`,
    cleanFacts: FACTS,
    placeholderFacts: false,
    firstPartyWinner: 1,
    firstPartyMatch: match('full_name', 'Phil A. St. Amant', FACTS.indexOf('Phil A. St. Amant')),
    secondPartyMatch: match('single_tag', 'Thompson', FACTS.indexOf('Thompson')),
    ...overrides,
  };
}
