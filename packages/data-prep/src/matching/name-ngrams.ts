import { GENERIC_WORDS, STOPWORDS, normalizeWord } from '../ner/party-name-rules.js';
import { nameWords } from './name-words.js';

const INITIAL = /^\p{Lu}\.?$/u;

/** Words an n-gram may not begin or end with: stopwords and single letters ("K" of "BE & K"). */
function isEdgeless(word: string): boolean {
  return STOPWORDS.has(normalizeWord(word)) || INITIAL.test(word);
}

function isUninformative(word: string): boolean {
  const normalized = normalizeWord(word);
  return STOPWORDS.has(normalized) || GENERIC_WORDS.has(normalized) || INITIAL.test(word) || normalized.length < 2;
}

/**
 * Word n-grams of a cleaned name (legal forms and "et al." removed), longest first and, for one
 * length, in name order. An n-gram is skipped when it begins or ends with a stopword ("of",
 * "the", "and") or an initial, or consists only of stopwords, generic words ("Department",
 * "United", "Inc.") and initials, because such text names no one in particular; the whole name
 * always counts ("United States").
 *
 * @example
 * nameNgrams('Department of Defense'); // ['Department of Defense', 'Defense']
 */
export function nameNgrams(text: string, options: { readonly minWords?: number } = {}): string[] {
  const words = nameWords(text);
  const ngrams: string[] = [];
  const seen = new Set<string>();
  for (let length = words.length; length >= Math.max(1, options.minWords ?? 1); length -= 1) {
    for (let start = 0; start + length <= words.length; start += 1) {
      const gram = words.slice(start, start + length);
      if (isEdgeless(gram[0] as string) || isEdgeless(gram.at(-1) as string)) continue;
      // The whole name may be all generic words ("United States"); parts of it may not.
      if (gram.every(isUninformative) && (length < words.length || gram.every((word) => STOPWORDS.has(normalizeWord(word))))) continue;
      const phrase = gram.join(' ');
      const key = phrase.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        ngrams.push(phrase);
      }
    }
  }
  return ngrams;
}
