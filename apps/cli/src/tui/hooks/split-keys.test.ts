import type { Key } from 'ink';
import { splitKeys } from './split-keys.js';

const NONE = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false } as Key;

describe('splitKeys', () => {
  it('passes single keys and escape sequences through', () => {
    expect(splitKeys('s', NONE)).toEqual([['s', NONE]]);
    const up = { ...NONE, upArrow: true };
    expect(splitKeys('\u001B[A', up)).toEqual([['\u001B[A', up]]);
  });

  it('splits a run of characters into keys: enter, tab, backspace, ctrl letters and text', () => {
    const keys = splitKeys('\r4A\t\u007F\u0015', NONE);
    expect(keys.map(([input]) => input)).toEqual(['', '4', 'A', '', '', 'u']);
    expect(keys[0]?.[1].return).toBe(true);
    expect(keys[2]?.[1].shift).toBe(true);
    expect(keys[3]?.[1].tab).toBe(true);
    expect(keys[4]?.[1].backspace).toBe(true);
    expect(keys[5]?.[1].ctrl).toBe(true);
  });
});
