/** The CSV record and field a byte offset falls in. */
export interface CsvLocation {
  /** Record index: 0 is the header, 1 the first data row (blank lines are not records). */
  readonly row: number;
  /** 0-based field index within the record. */
  readonly fieldIndex: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Maps byte offsets of a CSV file to the record and field they fall in, with the same quoting
 * rules as csv-parse (RFC 4180: `""` inside quotes, newlines inside quoted fields). Works on raw
 * bytes, so it locates bytes that are not valid UTF-8 as well. `offsets` must be ascending.
 */
export function locateCsvBytes(bytes: Uint8Array, offsets: readonly number[]): CsvLocation[] {
  const locations: CsvLocation[] = [];
  let row = 0;
  let fieldIndex = 0;
  let inQuotes = false;
  let recordHasContent = false;
  let next = 0;
  for (let index = 0; index < bytes.length && next < offsets.length; index += 1) {
    if (index === offsets[next]) {
      locations.push({ row, fieldIndex });
      next += 1;
      recordHasContent = true;
      continue;
    }
    const byte = bytes[index] as number;
    if (byte === QUOTE) {
      inQuotes = !inQuotes;
      recordHasContent = true;
    } else if (inQuotes) {
      recordHasContent = true;
    } else if (byte === COMMA) {
      fieldIndex += 1;
      recordHasContent = true;
    } else if (byte === NEWLINE) {
      if (recordHasContent) row += 1;
      fieldIndex = 0;
      recordHasContent = false;
    } else if (byte !== CARRIAGE_RETURN) {
      recordHasContent = true;
    }
  }
  return locations;
}
