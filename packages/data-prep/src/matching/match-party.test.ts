import { loadDataset } from '../readers/load-dataset.js';
import { cleanFacts } from '../cleaning/clean-facts.js';
import { createDefaultTagger } from '../ner/default-tagger.js';
import type { CourtRecord } from '../court/court-record.js';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { matchParty } from './match-party.js';

const tagger = createDefaultTagger();
let records: readonly CourtRecord[] = [];

beforeAll(async () => {
  const dataset = await loadDataset(COURT_SAMPLE_PATH);
  if (dataset.kind !== 'court') throw new Error('expected the court sample');
  records = dataset.records;
});

function row(id: string): CourtRecord {
  const record = records.find((candidate) => candidate.id === id);
  if (record === undefined) throw new Error(`${id} is not in the sample`);
  return record;
}

async function match(name: string, id: string) {
  const facts = cleanFacts(row(id).facts);
  const result = matchParty(name, facts, await tagger.tag(name));
  if (result.alias !== null && result.offset !== null) expect(facts.slice(result.offset, result.offset + result.alias.length)).toBe(result.alias);
  return result;
}

describe('matchParty, the three cases of the method on rows of the sample', () => {
  it('(1) full name: the whole name occurs, case-insensitively', async () => {
    const record = row('TRAIN_0553');
    expect(await match(record.firstParty, record.id)).toMatchObject({ case: 'full_name', tags: ['ORG'], alias: 'National Labor Relations Board', via: 'full_name' });
    expect(await match('national labor relations board', 'TRAIN_0553')).toMatchObject({ case: 'full_name', alias: 'National Labor Relations Board' });
  });

  it('(2) one tag, PER: first and last name once initials and suffixes are gone', async () => {
    expect(await match('Lilly M. Ledbetter', 'TRAIN_0157')).toMatchObject({ case: 'single_tag', tags: ['PER'], alias: 'Lilly Ledbetter', via: 'first_last_name' });
    expect(await match('Michael Donald Dodd', 'TRAIN_0433')).toMatchObject({ case: 'single_tag', alias: 'Dodd', via: 'last_name' });
    expect(await match('Booker T. Hudson, Jr.', 'TRAIN_1524')).toMatchObject({ case: 'single_tag', alias: 'Hudson', via: 'last_name' });
    // "Charles C. Lui" is "Charles Liu" in the facts: only the first name is found.
    expect(await match('Charles C. Lui, et al.', 'TRAIN_2305')).toMatchObject({ case: 'single_tag', alias: 'Charles', via: 'first_name' });
  });

  it('(2) one tag, ORG or LOC: the longest n-gram of the cleaned name', async () => {
    expect(await match('The Goodyear Tire & Rubber Company, Inc.', 'TRAIN_0157')).toMatchObject({ case: 'single_tag', tags: ['ORG'], alias: 'Goodyear Tire', via: 'ngram' });
    expect(await match('State of New York', 'TRAIN_0307')).toMatchObject({ case: 'single_tag', tags: ['LOC'], alias: 'New York', via: 'ngram' });
  });

  it('(3) several tags: n-grams of all the entities', async () => {
    expect(await match('Jeffrey A. Beard, Secretary, Pennsylvania Department of Corrections, et al.', 'TRAIN_1924')).toMatchObject({
      case: 'multi_tag',
      tags: ['PER', 'ORG'],
      alias: 'Pennsylvania',
      via: 'ngram',
    });
  });

  it('reports unmatched when nothing occurs, with the tags still known', async () => {
    expect(await match('Earl R. Deen', 'TRAIN_0630')).toEqual({ case: 'unmatched', tags: ['PER'], alias: null, offset: null, via: null });
  });
});

describe('matchParty beyond the method', () => {
  it('matches acronyms: "Securities and Exchange Commission" <-> "SEC", "Federal Communications Commission" <-> "FCC"', async () => {
    expect(await match('Securities and Exchange Commission', 'TRAIN_2305')).toMatchObject({ case: 'single_tag', alias: 'SEC', via: 'acronym' });
    expect(await match('Federal Communications Commission', 'TRAIN_0876')).toMatchObject({ alias: 'FCC', via: 'acronym' });
  });

  it('expands an acronym party name found written out in the facts', async () => {
    expect(await match('EPA', 'TRAIN_0043')).toMatchObject({ alias: 'Environmental Protection Agency', via: 'acronym_expansion' });
    expect(await match('INS', 'TRAIN_0346')).toMatchObject({ alias: 'Immigration and Naturalization Service', via: 'acronym_expansion' });
  });

  it('finds the full name of one of several parties ("A and B", "A, Warden", "A, et al.")', async () => {
    expect(await match('Tom E. Ellis and Robert D. Love', 'TRAIN_0229')).toMatchObject({ case: 'single_tag', tags: ['PER'], alias: 'Tom Ellis' });
    expect(await match('United States, ex rel. Irwin Eisenstein,', 'TRAIN_0142')).toMatchObject({ case: 'full_name', alias: 'United States' });
    expect(await match('Raymond J. Lucia, et al.', 'TRAIN_0258')).toMatchObject({ case: 'full_name', alias: 'Raymond J. Lucia' });
  });

  it('treats a name without entities as one MISC entity', () => {
    expect(matchParty('Pico by Pico', 'Later, Pico sued.', [])).toMatchObject({ case: 'single_tag', tags: [], alias: 'Pico' });
  });
});
