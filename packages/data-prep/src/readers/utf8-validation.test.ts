import { locateCsvBytes } from './csv-byte-locator.js';
import { findInvalidUtf8 } from './utf8-validation.js';

describe('findInvalidUtf8', () => {
  it('accepts valid UTF-8 of every length, including the text of the court data', () => {
    expect(findInvalidUtf8(new TextEncoder().encode('St. Amant’s “malice” — Hernández 😀'))).toEqual([]);
  });

  it('reports stray continuation bytes, truncated sequences, overlong forms and surrogates', () => {
    const bytes = Uint8Array.from([0x41, 0x80, 0x42, 0xe2, 0x82, 0x43, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]);
    expect(findInvalidUtf8(bytes).map((invalid) => invalid.byteOffset)).toEqual([1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });
});

describe('locateCsvBytes', () => {
  it('finds row and column of a byte, across quoted newlines, quoted commas and blank lines', () => {
    const text = 'a,b,c\n1,"x,\ny",z\n\n2,"q""q",w\n';
    const bytes = new TextEncoder().encode(text);
    expect(locateCsvBytes(bytes, [text.indexOf('y'), text.indexOf('z'), text.indexOf('w')])).toEqual([
      { row: 1, fieldIndex: 1 },
      { row: 1, fieldIndex: 2 },
      { row: 2, fieldIndex: 2 },
    ]);
  });

  it('locates invalid bytes after a BOM, in CRLF files and inside quoted multi-line fields', () => {
    const encode = (text: string) => Array.from(new TextEncoder().encode(text));
    // BOM, header, then a row whose quoted second field spans two CRLF lines and holds 0xFF,
    // then a row with 0xE9 in its last, unquoted field.
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...encode('a,b,c\r\n1,"x,\r\n'), 0xff, ...encode('""y",z\r\n\r\n2,q,w'), 0xe9]);
    expect(locateCsvBytes(bytes, [bytes.indexOf(0xff), bytes.indexOf(0xe9)])).toEqual([
      { row: 1, fieldIndex: 1 },
      { row: 2, fieldIndex: 2 },
    ]);
  });

  it('returns nothing for no offsets', () => {
    expect(locateCsvBytes(new TextEncoder().encode('a,b\n1,2\n'), [])).toEqual([]);
  });
});
