import { findPhrase } from './phrase-search.js';

describe('findPhrase', () => {
  const facts = 'Phil St. Amant accused Thompson. St. Amant’s opponent, the U.S. Attorney, and Smithson replied.';

  it('matches whole words only, case-insensitively by default', () => {
    expect(findPhrase(facts, 'thompson')).toEqual({ alias: 'Thompson', offset: 23 });
    expect(findPhrase(facts, 'Smith')).toBeNull();
    expect(findPhrase(facts, 'THOMPSON', { caseSensitive: true })).toBeNull();
  });

  it('treats dots as optional, whitespace runs as one and both apostrophes alike', () => {
    expect(findPhrase(facts, 'St Amant')).toEqual({ alias: 'St. Amant', offset: 5 });
    expect(findPhrase(facts, 'U.S.')).toEqual({ alias: 'U.S.', offset: facts.indexOf('U.S.') });
    expect(findPhrase('the US Attorney', 'U.S. Attorney')).toEqual({ alias: 'US Attorney', offset: 4 });
    expect(findPhrase('A  St.\nAmant case', 'St. Amant')?.alias).toBe('St.\nAmant');
    expect(findPhrase(facts, "St. Amant's")?.alias).toBe('St. Amant’s');
  });

  it('can insist on a capitalised hit (a proper noun)', () => {
    expect(findPhrase('the board met; the Board ruled', 'Board', { properNoun: true })).toEqual({ alias: 'Board', offset: 19 });
    expect(findPhrase('he will go', 'Will', { properNoun: true })).toBeNull();
  });

  it('escapes regular-expression characters of names', () => {
    expect(findPhrase('AT&T (Holdings) sued', 'AT&T')?.alias).toBe('AT&T');
    expect(findPhrase('The Wharf (Holdings) Ltd. sued', 'Wharf (Holdings)')?.offset).toBe(4);
  });
});
