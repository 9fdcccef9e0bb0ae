import { LEGAL_FORMS, ORGANIZATION_WORDS, ROLE_WORDS, normalizeWord } from './party-name-rules.js';

/** One part of a party name, with its offsets in the name. */
export interface PartyNamePart {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** True for an office or description of another part ("Warden", "a minor"), not a party. */
  readonly role: boolean;
}

const ATTACHING = new Set([...LEGAL_FORMS, 'jr', 'sr', 'ii', 'iii', 'iv', 'esq']);
/** "et al.", "et ux.", "et vir", "etc." and a docket prefix ("No. 07-582 Title:") carry no name. */
const IGNORED = /\bet\.?\s+(?:al|ux|vir)\b\.?|\betc\.|^\s*No\.\s*[\d-]+\s*Title:/gi;
const SEPARATOR = /[,;]|\s+ex\s+rel\.?\s+/gi;

/** "Inc.", "N.A.", "Jr."; a short word only with a dot or in capitals, so that "Na" in a name stays. */
function attaches(word: string): boolean {
  const normalized = normalizeWord(word);
  if (!ATTACHING.has(normalized)) return false;
  return normalized.length > 2 || word.includes('.') || word === word.toUpperCase();
}

/** Words that open a description of another part: "by his parents", "as Guardian", "on behalf of". */
const DESCRIPTION_OPENERS = new Set(['by', 'as', 'on', 'in', 'for', 'through', 'individually', 'his', 'her', 'their']);

/**
 * An office or a description rather than a party: it starts or ends with an office ("Warden",
 * "Chapter 13 Trustee"), holds "<office> of" ("Tax Commissioner of Ohio"), or opens with a
 * lower-case word or a preposition ("a minor", "By His Parents").
 */
function isRole(partWords: readonly string[]): boolean {
  const normalized = partWords.map(normalizeWord);
  const first = partWords[0] ?? '';
  if (ROLE_WORDS.has(normalized[0] ?? '') || ROLE_WORDS.has(normalized.at(-1) ?? '')) return true;
  if (normalized.some((word, index) => ROLE_WORDS.has(word) && (normalized[index + 1] === 'of' || normalized[index + 1] === 'for'))) return true;
  return (/^[a-z]/.test(first) && first !== 'the') || DESCRIPTION_OPENERS.has(normalized[0] ?? '');
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

function blank(text: string, pattern: RegExp, fill: string): string {
  return text.replace(pattern, (match) => fill.repeat(match.length));
}

/** Trims separators, blanked text and a leading "and" off `marked[start, end)`. */
function trimmedPart(marked: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from < to && /[\s,;.:\u0000]/.test(marked[from] as string)) from += 1;
  while (to > from && /[\s,;:\u0000]/.test(marked[to - 1] as string)) to -= 1;
  const leadingAnd = /^(?:and|&)\s+/i.exec(marked.slice(from, to));
  if (leadingAnd !== null) from += leadingAnd[0].length;
  return { start: from, end: to };
}

/** "X and Y" are two parties when both sides are names of two or more words and neither is an organisation. */
function splitOnAnd(name: string, start: number, end: number): { start: number; end: number }[] {
  const text = name.slice(start, end);
  const pieces: { start: number; end: number }[] = [];
  let from = 0;
  for (const match of text.matchAll(/\s+(?:and|&)\s+/g)) {
    pieces.push({ start: start + from, end: start + (match.index ?? 0) });
    from = (match.index ?? 0) + match[0].length;
  }
  pieces.push({ start: start + from, end });
  if (pieces.length === 1) return pieces;
  const separable = pieces.every(({ start: from, end: to }) => {
    const pieceWords = words(name.slice(from, to));
    return pieceWords.length >= 2 && /^[A-Z]/.test(pieceWords[0] as string) && !pieceWords.some((word) => ORGANIZATION_WORDS.has(normalizeWord(word)));
  });
  return separable ? pieces : [{ start, end }];
}

/**
 * Splits a party name into its parties and their roles: "A, B and C", "X, et al.", "United States
 * ex rel. A", "Tony Patterson, Warden" (role), "Brian Schaffer, a minor, …" (description). Legal
 * forms ("Inc.", "N.A.") and suffixes ("Jr.") after a comma stay with the name before them.
 *
 * @example
 * splitPartyName('Lorie Davis, Director, Texas Department of Criminal Justice, et al.').map((part) => part.text);
 * // ['Lorie Davis', 'Director', 'Texas Department of Criminal Justice']
 */
export function splitPartyName(name: string): PartyNamePart[] {
  const marked = blank(blank(name, IGNORED, ' '), SEPARATOR, '\u0000');
  const parts: PartyNamePart[] = [];
  const segments: { start: number; end: number }[] = [];
  for (const match of marked.matchAll(/[^\u0000]+/g)) segments.push({ start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });

  for (const segment of segments) {
    const { start, end } = trimmedPart(marked, segment.start, segment.end);
    if (end <= start || name.slice(start, end).replace(/[\s.]/g, '') === '') continue;
    // Legal forms and suffixes after a comma belong to the name before: "X, Inc.", "Y, Jr.".
    let restStart = start;
    for (const match of name.slice(start, end).matchAll(/\S+/g)) {
      if (!attaches(match[0])) break;
      restStart = start + (match.index ?? 0) + match[0].length;
    }
    const previous = parts.at(-1);
    if (restStart > start && previous !== undefined) {
      parts[parts.length - 1] = { ...previous, end: restStart, text: name.slice(previous.start, restStart) };
    } else {
      restStart = start;
    }
    const rest = trimmedPart(marked, restStart, end);
    if (rest.end <= rest.start) continue;
    // "dba X": the name the same party does business under, a party name of its own.
    const doingBusinessAs = /^(?:dba|d\/b\/a)\s+/i.exec(name.slice(rest.start, rest.end));
    if (doingBusinessAs !== null) rest.start += doingBusinessAs[0].length;
    for (const piece of splitOnAnd(name, rest.start, rest.end)) {
      const text = name.slice(piece.start, piece.end);
      parts.push({ text, start: piece.start, end: piece.end, role: isRole(words(text)) });
    }
  }
  if (parts.length > 0 && parts.every((part) => part.role)) return parts.map((part) => ({ ...part, role: false }));
  if (parts.length === 0) {
    const { start, end } = trimmedPart(marked, 0, name.length);
    if (end > start) parts.push({ text: name.slice(start, end), start, end, role: false });
  }
  return parts;
}

/** The parties a name lists, without roles and "et al.": the texts of {@link splitPartyName}. */
export function partyNames(name: string): string[] {
  return splitPartyName(name)
    .filter((part) => !part.role)
    .map((part) => part.text);
}
