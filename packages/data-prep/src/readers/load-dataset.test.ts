import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isToolkitError } from '@causal-tune/core';
import { parse } from 'csv-parse/sync';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { loadDataset } from './load-dataset.js';
import type { RecordIssue } from './record-issue.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (!isToolkitError(error)) throw error;
    return { code: error.code, message: error.message, details: error.details ?? {} };
  }
  throw new Error('expected a ToolkitError');
}

describe('loadDataset on the shipped court sample', () => {
  it('reads the 300 rows with their labels, matching an independent csv-parse read', async () => {
    const dataset = await loadDataset(COURT_SAMPLE_PATH, { requireLabels: true });
    const reference = parse(readFileSync(COURT_SAMPLE_PATH), { columns: true }) as Record<string, string>[];
    expect(dataset.kind).toBe('court');
    if (dataset.kind !== 'court') return;
    expect(dataset.hasLabels).toBe(true);
    expect(dataset.rejected).toEqual([]);
    expect(dataset.records).toHaveLength(300);
    dataset.records.forEach((record, index) => {
      const row = reference[index] as Record<string, string>;
      expect(record).toEqual({
        row: index + 1,
        id: row.ID,
        // Names are trimmed ("Clarence Williams " in TRAIN_0066); facts stay as they are.
        firstParty: row.first_party?.trim(),
        secondParty: row.second_party?.trim(),
        facts: row.facts,
        firstPartyWinner: Number(row.first_party_winner),
      });
    });
    expect(dataset.records[0]?.facts).toContain('\n'); // quoted multi-line facts stay whole
  });
});

describe('loadDataset formats', () => {
  it('handles a BOM, CRLF line ends and quoted multi-line facts with commas and doubled quotes', async () => {
    const dataset = await loadDataset(fixture('bom-crlf-multiline.csv'));
    if (dataset.kind !== 'court') throw new Error('expected court data');
    expect(dataset.records.map((record) => record.id)).toEqual(['TRAIN_0077', 'TRAIN_0349']);
    expect(dataset.records[0]?.facts).toBe(
      'In 1972, twenty one states were members of the Multistate Tax Compact,\r\na body formed by states to assist them in formulating and administering tax laws "for multistate businesses".\r\n',
    );
    expect(dataset.records[0]?.firstPartyWinner).toBe(0);
  });

  it('reads a test file without labels, and refuses it when labels are required', async () => {
    const dataset = await loadDataset(fixture('test-format.csv'));
    expect(dataset).toMatchObject({ kind: 'court', hasLabels: false });
    expect(dataset.records[1]).toEqual({
      row: 2,
      id: 'TEST_0001',
      firstParty: 'Milberg Weiss Bershad Hynes and Lerach',
      secondParty: 'Lexecon Inc.',
      facts: 'Lexecon Inc. was a defendant in a class action lawsuit.',
    });
    const error = await failure(loadDataset(fixture('test-format.csv'), { requireLabels: true }));
    expect(error.code).toBe('DATA_COLUMNS_INVALID');
    expect(error.details.missing).toEqual(['first_party_winner']);
  });

  it('reads Alpaca JSON (null input, extra keys ignored) and JSONL (blank lines skipped, rows are lines)', async () => {
    const json = await loadDataset(fixture('alpaca.json'));
    expect(json).toMatchObject({ kind: 'instruction', hasLabels: true, rejected: [] });
    expect(json.records[2]).toEqual({ row: 3, instruction: 'Translate to French.', input: '', output: 'Traduire en français.' });

    const lines = await loadDataset(fixture('alpaca.jsonl'), { mode: 'lenient' });
    expect(lines.kind).toBe('instruction');
    // The second record has no output while the first has one: reported, not dropped silently.
    expect(lines.records.map((record) => record.row)).toEqual([1]);
    expect(lines.rejected).toHaveLength(1);
    expect(lines.rejected[0]?.row).toBe(3);
    expect(lines.rejected[0]?.issues[0]).toMatchObject({ row: 3, field: 'output' });
  });

  it('lists every bad JSONL line at once', async () => {
    const error = await failure(loadDataset(fixture('alpaca-bad.jsonl')));
    expect(error.code).toBe('DATA_PARSE_FAILED');
    const issues = error.details.issues as RecordIssue[];
    expect(issues.map((issue) => [issue.row, issue.field])).toEqual([
      [2, 'instruction'],
      [3, '(row)'],
      [4, '(row)'],
    ]);
    expect(issues[1]?.message).toMatch(/not valid JSON/);
    expect(issues[2]?.message).toMatch(/must be an object/);
  });
});

describe('loadDataset errors', () => {
  it('names a missing file', async () => {
    const error = await failure(loadDataset(fixture('no-such-file.csv')));
    expect(error.code).toBe('DATA_FILE_NOT_FOUND');
    expect(error.message).toContain('no-such-file.csv');
  });

  it('refuses an unknown extension', async () => {
    expect((await failure(loadDataset(fixture('notes.txt')))).code).toBe('DATA_FORMAT_UNKNOWN');
  });

  it('names missing and unexpected columns together', async () => {
    const error = await failure(loadDataset(fixture('wrong-columns.csv')));
    expect(error.code).toBe('DATA_COLUMNS_INVALID');
    expect(error.details.missing).toEqual(['second_party']);
    expect(error.details.extra).toEqual(['Unnamed: 0', 'winner']);
    expect(error.message).toMatch(/missing "second_party"; unexpected "Unnamed: 0", "winner"/);
  });

  it('lists every bad row at once with row, field and ID: empty facts, labels, duplicate IDs, empty party, field count', async () => {
    const error = await failure(loadDataset(fixture('bad-rows.csv')));
    expect(error.code).toBe('DATA_RECORD_INVALID');
    const issues = error.details.issues as RecordIssue[];
    expect(issues.map((issue) => [issue.row, issue.field])).toEqual([
      [2, 'facts'],
      [3, 'first_party_winner'],
      [4, 'first_party_winner'],
      [5, 'ID'],
      [6, 'first_party'],
      [7, '(row)'],
    ]);
    expect(issues[1]?.message).toBe('must be 0 or 1 (1 = the first party won), but got "2"');
    expect(issues[2]?.message).toContain('"yes"');
    expect(issues[3]).toMatchObject({ id: 'TRAIN_0280', otherRow: 1 });
    expect(issues[3]?.message).toContain('rows 1 and 5');
    expect(issues[5]?.message).toMatch(/has 6 fields, but the header has 5/);
    expect(error.message).toContain('row 3 (ID TRAIN_0349), first_party_winner: must be 0 or 1');
    expect(error.message).toContain('bad-rows.csv');
  });

  it('keeps the good rows in lenient mode and returns the others with every reason', async () => {
    const dataset = await loadDataset(fixture('bad-rows.csv'), { mode: 'lenient' });
    expect(dataset.records.map((record) => record.row)).toEqual([1]);
    expect(dataset.rejected.map((rejected) => rejected.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(dataset.rejected[3]?.values).toMatchObject({ ID: 'TRAIN_0280', first_party: 'Ross' });
    expect(dataset.records.length + dataset.rejected.length).toBe(7);
  });

  it('reports invalid UTF-8 with byte offset, row and column', async () => {
    const bytes = readFileSync(fixture('invalid-utf8.csv'));
    const error = await failure(loadDataset(fixture('invalid-utf8.csv')));
    expect(error.code).toBe('DATA_ENCODING_INVALID');
    const issues = error.details.issues as RecordIssue[];
    expect(issues).toEqual([
      { row: 2, field: 'facts', message: `invalid UTF-8 byte 0xE9 at byte offset ${bytes.indexOf(0xe9)}`, byteOffset: bytes.indexOf(0xe9) },
      { row: 3, field: 'first_party', message: `invalid UTF-8 byte 0xFF at byte offset ${bytes.indexOf(0xff)}`, byteOffset: bytes.indexOf(0xff) },
    ]);
    const lenient = await loadDataset(fixture('invalid-utf8.csv'), { mode: 'lenient' });
    expect(lenient.records.map((record) => record.row)).toEqual([1]);
    expect(lenient.rejected.map((rejected) => rejected.row)).toEqual([2, 3]);
  });

  it('reports an unterminated quote, an empty file and invalid options', async () => {
    expect((await failure(loadDataset(fixture('unterminated-quote.csv')))).code).toBe('DATA_PARSE_FAILED');
    expect((await failure(loadDataset(fixture('header-only.csv')))).code).toBe('DATA_EMPTY');
    const options = await failure(loadDataset(COURT_SAMPLE_PATH, { mode: 'loose' as 'strict', format: 'xml' as 'auto' }));
    expect(options.code).toBe('CONFIG_INVALID');
    expect((options.details.issues as unknown[]).length).toBe(2);
  });

  it('stops when the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(loadDataset(COURT_SAMPLE_PATH, { signal: controller.signal }))).code).toBe('ABORTED');
  });
});
