/**
 * Placeholder facts: Oyez had no summary yet. train.csv holds three ("Not Available.",
 * "Currently unknown.", "Currently unavailable."); the list adds the usual variants of such notes.
 */
const PLACEHOLDERS = new Set([
  'not available',
  'currently not available',
  'currently unavailable',
  'unavailable',
  'not yet available',
  'currently unknown',
  'unknown',
  'not known',
  'n/a',
  'na',
  'none',
  'tbd',
  'to be determined',
  'to be announced',
  'pending',
  'no facts available',
  'facts not available',
  'no summary available',
  'summary not available',
]);

/**
 * True when `facts` is a placeholder rather than a summary of the case, such as "Not Available."
 * or "Currently unknown." (case, surrounding punctuation and whitespace ignored). Empty text is a
 * placeholder too.
 */
export function isPlaceholderFacts(facts: string): boolean {
  const normalised = facts
    .toLowerCase()
    .replace(/<[^<>]*>/g, ' ')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s.,;:!?"'()[\]-]+|[\s.,;:!?"'()[\]-]+$/g, '');
  return normalised.length === 0 || PLACEHOLDERS.has(normalised);
}
