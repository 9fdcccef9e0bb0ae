import type { MatchCase, NerTag, PartyMatch } from '../court/court-record.js';
import type { TaggedEntity } from '../ner/party-tagger.js';
import { partyNames } from '../ner/split-party-name.js';
import { acronymWords, acronymsOf, expansionPattern } from './acronyms.js';
import { nameNgrams } from './name-ngrams.js';
import { nameWords, personFirstLast, personNameWords, withoutLegalForm } from './name-words.js';
import { findPattern, phrasePattern } from './phrase-search.js';

/** How the alias of a match was found; a field of {@link PartyMatchDetail}. */
export type MatchVia = 'full_name' | 'first_last_name' | 'last_name' | 'first_name' | 'ngram' | 'acronym' | 'acronym_expansion';

/** A {@link PartyMatch} with how its alias was found (`via`, null when unmatched). */
export interface PartyMatchDetail extends PartyMatch {
  readonly via: MatchVia | null;
}

interface Candidate {
  readonly case: MatchCase;
  readonly via: MatchVia;
  /** The phrase to look for; its pattern is compiled on first use ({@link phrasePattern}). */
  readonly phrase: string;
  readonly caseSensitive: boolean;
  /** A pattern of its own (acronym expansions) instead of the phrase's. */
  readonly pattern?: RegExp;
  readonly properNoun: boolean;
  /**
   * Lower-cased text every hit contains (the phrase's longest ASCII word), checked with
   * `includes` before any regular expression runs: most candidates are absent from most facts.
   */
  readonly needle: string;
}

/** The longest run of ASCII letters and digits of a phrase, lower-cased; '' when it has none. */
function needleOf(phrase: string): string {
  const runs = phrase.match(/[A-Za-z0-9]+/g) ?? [];
  return runs.reduce((longest, run) => (run.length > longest.length ? run : longest), '').toLowerCase();
}

const MAX_CACHED = 20_000;
const candidateCache = new Map<string, { tags: NerTag[]; candidates: Candidate[] }>();

function distinctTags(entities: readonly TaggedEntity[]): NerTag[] {
  return [...new Set(entities.map((entity) => entity.tag))];
}

function buildCandidates(name: string, entities: readonly TaggedEntity[]): Candidate[] {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const add = (matchCase: MatchCase, via: MatchVia, phrase: string | null, caseSensitive = false): void => {
    if (phrase === null || phrase.trim() === '') return;
    const key = `${caseSensitive ? 's' : 'i'}${caseSensitive ? phrase : phrase.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    candidates.push({ case: matchCase, via, phrase, caseSensitive, properNoun: matchCase !== 'full_name', needle: needleOf(phrase) });
  };

  // (1) The full name, or the full name of one of the parties it lists (without "et al.", roles, "Inc.").
  add('full_name', 'full_name', name.trim());
  add('full_name', 'full_name', nameWords(name).join(' '));
  for (const party of partyNames(name)) {
    add('full_name', 'full_name', party);
    add('full_name', 'full_name', withoutLegalForm(party));
  }

  const tagged = entities.length > 0 ? entities : [{ text: name, tag: 'MISC' as const, start: 0, end: name.length }];
  const tags = distinctTags(tagged);
  if (tags.length === 1 && tags[0] === 'PER') {
    // (2) One tag, PER: first and last name, once initials, titles and suffixes are removed.
    const names = tagged.map((entity) => personFirstLast(entity.text));
    for (const { first, last } of names) if (first !== null && last !== null) add('single_tag', 'first_last_name', `${first} ${last}`);
    for (const { last } of names) add('single_tag', 'last_name', last);
    for (const { first } of names) add('single_tag', 'first_name', first);
    return candidates;
  }
  // (2) One tag ORG/LOC/MISC, or (3) several tags: word n-grams of the cleaned names, longest
  // first; acronyms ("FCC") and their expansions rank above single words.
  const matchCase: MatchCase = tags.length === 1 ? 'single_tag' : 'multi_tag';
  const ngrams = tagged.map((entity) => nameNgrams(entity.tag === 'PER' ? personNameWords(entity.text).join(' ') : entity.text));
  const longest = Math.max(0, ...ngrams.map((list) => Math.max(0, ...list.map((gram) => gram.split(' ').length))));
  for (let length = longest; length >= 2; length -= 1) {
    for (const list of ngrams) for (const gram of list) if (gram.split(' ').length === length) add(matchCase, 'ngram', gram);
  }
  for (const entity of tagged) {
    if (entity.tag === 'PER') continue;
    for (const acronym of acronymsOf(entity.text)) add(matchCase, 'acronym', acronym, true);
  }
  for (const entity of tagged) {
    for (const acronym of acronymWords(entity.text)) {
      const pattern = expansionPattern(acronym);
      if (pattern !== null && !seen.has(`x${acronym}`)) {
        seen.add(`x${acronym}`);
        candidates.push({ case: matchCase, via: 'acronym_expansion', phrase: acronym, caseSensitive: true, pattern, properNoun: true, needle: '' });
      }
    }
  }
  for (const list of ngrams) for (const gram of list) if (!gram.includes(' ')) add(matchCase, 'ngram', gram);
  return candidates;
}

function candidatesFor(name: string, entities: readonly TaggedEntity[]): { tags: NerTag[]; candidates: Candidate[] } {
  const key = `${name}\u0000${entities.map((entity) => `${entity.tag}:${entity.start}:${entity.end}:${entity.text}`).join('|')}`;
  let entry = candidateCache.get(key);
  if (entry === undefined) {
    entry = { tags: distinctTags(entities), candidates: buildCandidates(name, entities) };
    if (candidateCache.size >= MAX_CACHED) candidateCache.clear();
    candidateCache.set(key, entry);
  }
  return entry;
}

/**
 * Looks for a party in the (cleaned) facts with the three cases of the method:
 * 1. `full_name`: the full name occurs (case-insensitive, whole words), or the full name of one
 *    of the parties it lists ("Tony Patterson" of "Tony Patterson, Warden, et al."), also without
 *    its legal form ("US Airways" of "US Airways, Inc.");
 * 2. `single_tag`: otherwise, when the name's entities have one NER tag: for PER the first and last
 *    name ("Phil St. Amant", "St. Amant", "Phil") once initials, titles and suffixes are removed;
 *    for ORG/LOC/MISC word n-grams of the cleaned name, longest first, then acronyms ("FCC" for
 *    "Federal Communications Commission"), expansions of an acronym name, then single words;
 * 3. `multi_tag`: several tags, the same n-grams, acronyms and words.
 * Cases 2 and 3 accept only hits that start with a capital letter, so "Will" does not match
 * "will". A name the tagger found nothing in is matched as one MISC entity (its `tags` stay empty).
 * The alias is the text exactly as it stands in `facts`, and the offset its first occurrence.
 *
 * @example
 * matchParty('Herman A. Thompson', 'Thompson sued St. Amant.', [{ text: 'Herman A. Thompson', tag: 'PER', start: 0, end: 18 }]);
 * // { case: 'single_tag', tags: ['PER'], alias: 'Thompson', offset: 0, via: 'last_name' }
 */
export function matchParty(name: string, facts: string, entities: readonly TaggedEntity[]): PartyMatchDetail {
  const { tags, candidates } = candidatesFor(name, entities);
  const lowerFacts = facts.toLowerCase();
  for (const candidate of candidates) {
    if (!lowerFacts.includes(candidate.needle)) continue;
    const pattern = candidate.pattern ?? phrasePattern(candidate.phrase, candidate.caseSensitive);
    const hit = findPattern(facts, pattern, candidate.properNoun);
    if (hit !== null) return { case: candidate.case, tags, alias: hit.alias, offset: hit.offset, via: candidate.via };
  }
  return { case: 'unmatched', tags, alias: null, offset: null, via: null };
}
