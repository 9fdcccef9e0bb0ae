import type { Key } from 'ink';

/**
 * Splits one input event into single keys. Ink delivers a run of plain characters as one event
 * (a paste, or keys that arrived together: `\r40\rs` from a fast typist or tmux send-keys), and
 * a handler that looks for enter or `s` would miss them inside it. Escape sequences (arrows)
 * and single characters pass through unchanged.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const characters = [...input];
  if (characters.length <= 1 || input.startsWith('\u001B')) return [[input, key]];
  const base: Key = { ...key, return: false, tab: false, backspace: false, delete: false, ctrl: false, shift: false, meta: false, escape: false };
  return characters.map((character): [string, Key] => {
    if (character === '\r' || character === '\n') return ['', { ...base, return: true }];
    if (character === '\t') return ['', { ...base, tab: true }];
    if (character === '\u007F' || character === '\b') return ['', { ...base, backspace: true }];
    const code = character.charCodeAt(0);
    if (code < 0x20) return [String.fromCharCode(code + 0x60), { ...base, ctrl: true }];
    return [character, { ...base, shift: /[A-Z]/.test(character) }];
  });
}
