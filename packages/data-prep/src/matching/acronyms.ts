import { STOPWORDS, normalizeWord } from '../ner/party-name-rules.js';
import { nameWords } from './name-words.js';

const ACRONYM_WORD = /^\p{Lu}{2,6}$/u;
const CONNECTORS = '(?:(?:of|and|for|the|on|in|&)\\s+)*';

/**
 * Acronyms a name is written as: the capitals of its significant words ("Federal Communications
 * Commission" -> "FCC"), and with the connecting words too ("Department of Defense" -> "DOD",
 * "DoD"). Only for names of two or more capitalised significant words; at least two letters.
 *
 * @example
 * acronymsOf('Federal Communications Commission'); // ['FCC']
 */
export function acronymsOf(text: string): string[] {
  const words = nameWords(text).filter((word) => /\p{L}/u.test(word));
  const significant = words.filter((word) => !STOPWORDS.has(normalizeWord(word)));
  if (significant.length < 2 || !significant.every((word) => /^\p{Lu}/u.test(word))) return [];
  const initial = (word: string): string => (/\p{L}/u.exec(word)?.[0] ?? '').toUpperCase();
  const acronyms = [significant.map(initial).join('')];
  if (words.length > significant.length) {
    acronyms.push(words.map(initial).join(''));
    acronyms.push(words.map((word) => (STOPWORDS.has(normalizeWord(word)) ? initial(word).toLowerCase() : initial(word))).join(''));
  }
  return [...new Set(acronyms)].filter((acronym) => acronym.length >= 2);
}

/** The acronyms a name contains as words: "FCC" in "FCC, et al.". */
export function acronymWords(text: string): string[] {
  return nameWords(text).filter((word) => ACRONYM_WORD.test(word));
}

/**
 * A case-sensitive pattern for the expansion of an acronym of three or more letters: capitalised
 * words whose initials spell it, connecting words ("of", "and", "the") allowed between them
 * ("FCC" -> "Federal Communications Commission"). Null for shorter acronyms, which match too much.
 */
export function expansionPattern(acronym: string): RegExp | null {
  if (acronym.length < 3) return null;
  const words = [...acronym].map((letter) => `${letter}[\\p{L}-]*`);
  return new RegExp(words.join(`\\s+${CONNECTORS}`), 'gu');
}
