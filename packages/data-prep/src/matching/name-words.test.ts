import { nameWords, personFirstLast, withoutLegalForm } from './name-words.js';
import { nameNgrams } from './name-ngrams.js';
import { acronymWords, acronymsOf } from './acronyms.js';

describe('name words', () => {
  it('removes legal forms and "et al."', () => {
    expect(withoutLegalForm('The Goodyear Tire & Rubber Company, Inc.')).toBe('The Goodyear Tire & Rubber Company');
    expect(nameWords('Coastal Oil Co. et al.')).toEqual(['Coastal', 'Oil']);
  });

  it('takes first and last names without initials, titles and suffixes, keeping surname particles', () => {
    expect(personFirstLast('Booker T. Hudson, Jr.')).toEqual({ first: 'Booker', last: 'Hudson' });
    expect(personFirstLast('Phil A. St. Amant')).toEqual({ first: 'Phil', last: 'St. Amant' });
    expect(personFirstLast('The Hon. Harry C. Westover')).toEqual({ first: 'Harry', last: 'Westover' });
    expect(personFirstLast('Dr. J. R. Smith III')).toEqual({ first: null, last: 'Smith' });
  });
});

describe('nameNgrams', () => {
  it('lists n-grams longest first without stopword edges, generic-only n-grams or initials', () => {
    expect(nameNgrams('Department of Defense')).toEqual(['Department of Defense', 'Defense']);
    expect(nameNgrams('BE & K Construction Company')).toEqual(['BE & K Construction Company', 'BE & K Construction', 'Construction Company', 'BE', 'Construction']);
    expect(nameNgrams('United States')).toEqual(['United States']);
  });
});

describe('acronyms', () => {
  it('builds acronyms from significant words, and with the connectors', () => {
    expect(acronymsOf('Federal Communications Commission')).toEqual(['FCC']);
    expect(acronymsOf('Securities and Exchange Commission')).toEqual(['SEC', 'SAEC', 'SaEC']);
    expect(acronymsOf('Department of Defense')).toEqual(['DD', 'DOD', 'DoD']);
    expect(acronymsOf('Lilly Ledbetter')).toEqual(['LL']);
    expect(acronymsOf('internal revenue')).toEqual([]);
    expect(acronymWords('FCC, et al.')).toEqual(['FCC']);
  });
});
