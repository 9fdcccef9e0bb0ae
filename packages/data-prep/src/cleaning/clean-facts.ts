/**
 * Cleaning of the court facts. Oyez summaries carry a little HTML (`<i>` around titles in
 * train.csv; `<p>`, `<br>` and entities in other dumps of the same source), non-breaking spaces
 * and doubled spaces. Offsets of party matches refer to the text this returns.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  sect: '§',
  para: '¶',
  copy: '©',
  reg: '®',
  deg: '°',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  oacute: 'ó',
  uacute: 'ú',
  iacute: 'í',
  ntilde: 'ñ',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  ccedil: 'ç',
};

/** Block-level tags become line breaks so paragraphs stay apart; every other tag is dropped. */
const BLOCK_TAG = /<\s*(?:br|\/p|\/div|\/li|\/h[1-6]|\/blockquote|\/tr)\b[^<>]*>/gi;
const ANY_TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/g;

/** Decodes HTML character references (`&amp;`, `&#39;`, `&#x2019;`); unknown names stay as they are. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(ENTITY, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (decimal !== undefined || hex !== undefined) {
      const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex as string, 16);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    }
    return NAMED_ENTITIES[(name as string).toLowerCase()] ?? whole;
  });
}

/**
 * Cleans court facts: strips HTML tags (`<p>`, `</p>`, `<br>`, `<i>`…), decodes entities
 * (`&amp;`, `&#39;`), turns non-breaking and other Unicode spaces into plain spaces, collapses runs
 * of spaces, trims every line and keeps paragraphs as single `\n` breaks.
 *
 * @example
 * cleanFacts('<p>Smith&#39;s  case&nbsp;began.</p>\r\n<p>It ended.</p>'); // "Smith's case began.\nIt ended."
 */
export function cleanFacts(facts: string): string {
  const withoutTags = facts.replace(BLOCK_TAG, '\n').replace(ANY_TAG, '');
  return decodeHtmlEntities(withoutTags)
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u200b\ufeff]/g, '')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** True when `text` holds an HTML tag or character reference that {@link cleanFacts} removes. */
export function containsHtml(text: string): boolean {
  ANY_TAG.lastIndex = 0;
  ENTITY.lastIndex = 0;
  return ANY_TAG.test(text) || ENTITY.test(text);
}
