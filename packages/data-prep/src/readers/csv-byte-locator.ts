import { parse } from 'csv-parse/sync';

/** The CSV record and field a byte offset falls in. */
export interface CsvLocation {
  /** Record index: 0 is the header, 1 the first data row (blank lines are not records). */
  readonly row: number;
  /** 0-based field index within the record. */
  readonly fieldIndex: number;
}

/** Where one field ends: the offset of the delimiter (or end of file) that closes it. */
interface FieldEnd {
  readonly endByte: number;
  readonly row: number;
  readonly fieldIndex: number;
}

/**
 * Maps byte offsets of a CSV file to the record and field they fall in. csv-parse itself splits
 * the raw bytes, with the options {@link readCsv} parses the text with: its `cast` context
 * carries `bytes` (the offset of the delimiter that ends the field), `records` (records emitted
 * before this one; the header is record 0) and `index` (the field's position). Parsing bytes
 * rather than text keeps offsets exact for bytes that are not valid UTF-8: every structural
 * character (quote, comma, CR, LF) is ASCII, so an invalid byte never changes the split.
 * `offsets` must be ascending.
 */
export function locateCsvBytes(bytes: Uint8Array, offsets: readonly number[]): CsvLocation[] {
  if (offsets.length === 0) return [];
  const fieldEnds: FieldEnd[] = [];
  parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    cast: (value, context) => {
      fieldEnds.push({ endByte: context.bytes, row: context.records, fieldIndex: context.index });
      return value;
    },
  });
  const locations: CsvLocation[] = [];
  let field = 0;
  for (const offset of offsets) {
    // Fields are contiguous and in file order: the byte is in the first field that ends after it.
    while (field < fieldEnds.length && (fieldEnds[field] as FieldEnd).endByte <= offset) field += 1;
    const end = fieldEnds[field];
    if (end === undefined) break;
    locations.push({ row: end.row, fieldIndex: end.fieldIndex });
  }
  return locations;
}
