// A lone surrogate is a high surrogate not followed by a low one, or a low one not after a high
// one; JSON escapes ("\ud800") can carry them even when the file is valid UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The problem of a text value that cannot go into a prompt, or undefined: NUL characters (which
 * tokenizers and C strings mishandle) and lone surrogates (not Unicode text at all).
 */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it has a lone surrogate)';
  return undefined;
}
