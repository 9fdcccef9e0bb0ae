import nlp from 'compromise';
import type { NerTag } from '../court/court-record.js';
import { LEGAL_FORMS, ORGANIZATION_WORDS, PLACE_NAMES, PLACE_PATTERN, ROLE_WORDS, SURNAME_PARTICLES, normalizeWord } from './party-name-rules.js';
import type { PartyTagger, TaggedEntity } from './party-tagger.js';
import { splitPartyName } from './split-party-name.js';

const NAME_WORD = /^(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.)$/u;
const INITIAL = /^\p{Lu}\.$/u;

/** Shaped like a person's name: two to six capitalised words or initials (particles allowed), not all capitals. */
function looksLikePersonName(words: readonly string[]): boolean {
  if (words.length === 0 || words.length > 6) return false;
  const shaped = words.every(
    (word, index) =>
      NAME_WORD.test(word.replace(/,$/, '')) ||
      SURNAME_PARTICLES.has(normalizeWord(word)) ||
      (word === 'and' && index > 0 && index < words.length - 1),
  );
  const allCapitals = words.every((word) => word === word.toUpperCase());
  return shaped && !allCapitals;
}

/**
 * The tag of one part of a party name. Rules first (what compromise gets wrong on party names):
 * a place list (US states, "United States"), organisation words ("Commission", "Board of …",
 * "Department", "Inc."/"Co." legal forms), "City/County/State of X"; then compromise's people,
 * organisations and places; MISC for the rest.
 */
export function classifyNamePart(text: string): NerTag {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const normalized = words.map(normalizeWord).filter((word) => word.length > 0);
  const phrase = (normalized[0] === 'the' ? normalized.slice(1) : normalized).join(' ');
  if (PLACE_NAMES.has(phrase)) return 'LOC';
  const last = normalized.at(-1) ?? '';
  if (normalized.some((word) => ORGANIZATION_WORDS.has(word)) || (normalized.length > 1 && LEGAL_FORMS.has(last))) return 'ORG';
  if (PLACE_PATTERN.test(text)) return 'LOC';
  // An office standing for its holder: "Commissioner of Internal Revenue", "Secretary of State".
  if (ROLE_WORDS.has(normalized[0] ?? '') && normalized.includes('of')) return 'ORG';
  const document = nlp(text);
  const personTagged = document.has('#Person') || document.has('#FirstName') || document.has('#LastName');
  const hasInitial = words.length >= 2 && words.some((word) => INITIAL.test(word));
  if (looksLikePersonName(words) && (personTagged || hasInitial)) return 'PER';
  if (document.organizations().found) return 'ORG';
  if (document.places().found) return 'LOC';
  if (document.people().found && looksLikePersonName(words)) return 'PER';
  return 'MISC';
}

/**
 * The default {@link PartyTagger}: splits the name into its parties ({@link splitPartyName}:
 * commas, "and", "et al.", roles such as "Warden" dropped) and tags each part with compromise
 * (people -> PER, places -> LOC, organisations -> ORG, the rest MISC) after rules that fix
 * compromise on party names: "United States" and the states are LOC; names with
 * "Commission", "Board", "Department", "Inc.", "Co." are ORG; "County of Los Angeles" is LOC.
 * Runs offline, synchronously underneath, and caches by name.
 *
 * @example
 * const tagger = createDefaultTagger();
 * await tagger.tag('Federal Communications Commission'); // [{ text: 'Federal Communications Commission', tag: 'ORG', start: 0, end: 33 }]
 */
export function createDefaultTagger(): PartyTagger {
  const cache = new Map<string, TaggedEntity[]>();
  return {
    name: 'compromise',
    tag(name: string): Promise<TaggedEntity[]> {
      let entities = cache.get(name);
      if (entities === undefined) {
        entities = splitPartyName(name)
          .filter((part) => !part.role)
          .map((part) => ({ text: part.text, tag: classifyNamePart(part.text), start: part.start, end: part.end }));
        cache.set(name, entities);
      }
      return Promise.resolve([...entities]);
    },
  };
}
