/** Where a byte sequence stops being valid UTF-8. */
export interface InvalidUtf8Byte {
  /** Offset of the first byte of the invalid sequence, from the start of the file. */
  readonly byteOffset: number;
  /** That byte's value. */
  readonly byte: number;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x80 && byte <= 0xbf;
}

/**
 * Lists the offsets of every invalid UTF-8 sequence in `bytes` (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), at most `limit` of them. Empty for valid input.
 */
export function findInvalidUtf8(bytes: Uint8Array, limit = 1000): InvalidUtf8Byte[] {
  const invalid: InvalidUtf8Byte[] = [];
  let index = 0;
  while (index < bytes.length && invalid.length < limit) {
    const byte = bytes[index] as number;
    if (byte < 0x80) {
      index += 1;
      continue;
    }
    let length = 0;
    let secondMin = 0x80;
    let secondMax = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) length = 2;
    else if (byte >= 0xe0 && byte <= 0xef) {
      length = 3;
      if (byte === 0xe0) secondMin = 0xa0;
      if (byte === 0xed) secondMax = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      length = 4;
      if (byte === 0xf0) secondMin = 0x90;
      if (byte === 0xf4) secondMax = 0x8f;
    }
    const second = bytes[index + 1];
    let valid = length > 0 && second !== undefined && second >= secondMin && second <= secondMax;
    for (let offset = 2; valid && offset < length; offset += 1) valid = isContinuation(bytes[index + offset]);
    if (valid) {
      index += length;
    } else {
      invalid.push({ byteOffset: index, byte });
      index += 1;
    }
  }
  return invalid;
}
