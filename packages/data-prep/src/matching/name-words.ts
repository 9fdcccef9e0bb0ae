import { LEGAL_FORMS, PERSON_AFFIXES, ROLE_WORDS, SURNAME_PARTICLES, normalizeWord } from '../ner/party-name-rules.js';

const EDGE_PUNCTUATION = /^[\s,;:()"“”'‘’[\]]+|[\s,;:()"“”'‘’[\]]+$/g;
const INITIAL = /^(?:\p{Lu}\.?|(?:\p{Lu}\.){2,})$/u;

/** Words of a name without edge punctuation, "et al." or a trailing legal form ("Inc.", "N.A."). */
export function nameWords(text: string): string[] {
  const words = text
    .replace(/\bet\.?\s+(?:al|ux|vir)\b\.?/gi, ' ')
    .split(/\s+/)
    .map((word) => word.replace(EDGE_PUNCTUATION, ''))
    .filter((word) => word.length > 0 && word !== ',');
  while (words.length > 1 && LEGAL_FORMS.has(normalizeWord(words.at(-1) as string))) words.pop();
  return words;
}

/** The name without its legal form: "US Airways, Inc." -> "US Airways". */
export function withoutLegalForm(text: string): string {
  return nameWords(text).join(' ');
}

/** A person's name parts once initials, titles ("Mr.", "Judge", "The Hon."), offices and suffixes ("Jr.", "III") are gone. */
export function personNameWords(text: string): string[] {
  return nameWords(text).filter((word) => {
    const normalized = normalizeWord(word);
    return !INITIAL.test(word) && !PERSON_AFFIXES.has(normalized) && !ROLE_WORDS.has(normalized) && normalized !== 'and';
  });
}

/**
 * First and last name of a person: the last name keeps its particles ("St. Amant", "de la Cruz");
 * the first name is the first remaining word when there are two or more.
 *
 * @example
 * personFirstLast('Phil A. St. Amant'); // { first: 'Phil', last: 'St. Amant' }
 * personFirstLast('Ernest John Dobbert, Jr.'); // { first: 'Ernest', last: 'Dobbert' }
 */
export function personFirstLast(text: string): { first: string | null; last: string | null } {
  const words = personNameWords(text);
  if (words.length === 0) return { first: null, last: null };
  let lastStart = words.length - 1;
  while (lastStart > 1 && SURNAME_PARTICLES.has(normalizeWord(words[lastStart - 1] as string))) lastStart -= 1;
  const last = words.slice(lastStart).join(' ');
  return { first: lastStart > 0 ? (words[0] as string) : null, last };
}
