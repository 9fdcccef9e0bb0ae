import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';
import { ANSI_PATTERN } from '../output/text-style.js';
import type { PrepSummary } from '../workflows/prep-workflow.js';

const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
const repositoryFixtures = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
// 300 rows of train.csv: 200 labelled 1, 100 labelled 0 (fixtures/README.md).
const train = join(repositoryFixtures, 'dacon-court', 'train-sample.csv');
const gpt2Tokenizer = join(repositoryFixtures, 'models', 'gpt2-tokenizer');
const test = join(fixtures, 'court-test-tiny.csv');
const badRows = join(fixtures, 'court-train-bad-rows.csv');

const MATCH_CASES = ['full_name', 'single_tag', 'multi_tag', 'unmatched'] as const;

function expectMatchCountsSumToRows(summary: Pick<PrepSummary, 'rows' | 'matching'>): void {
  for (const party of ['first_party', 'second_party'] as const) {
    const counts = summary.matching[party];
    expect(Object.keys(counts).sort()).toEqual([...MATCH_CASES].sort());
    expect(MATCH_CASES.reduce((sum, matchCase) => sum + counts[matchCase], 0)).toBe(summary.rows);
  }
}

describe('ctune prep', () => {
  it('prints one JSON object with rows, labels and the four match counts per party', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', train, '--json'], context)).toBe(0);
    const summary = JSON.parse(context.stdoutText()) as PrepSummary;
    expect(summary.rows).toBe(300);
    expect(summary.labels).toEqual({ '0': 100, '1': 200 });
    expectMatchCountsSumToRows(summary);
    // Most parties are found somehow: full names are the largest case for both columns.
    for (const party of ['first_party', 'second_party'] as const) {
      const counts = summary.matching[party];
      expect(counts.full_name).toBeGreaterThan(Math.max(counts.single_tag, counts.multi_tag, counts.unmatched));
    }
    expect(summary.rejected).toEqual({ count: 0, rows: [] });
    expect(summary.factLength.characters.count).toBe(300);
    expect(summary.factLength.characters.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(300);
    expect(summary.factLength.tokens).toBeUndefined();
    expect(summary.test).toBeUndefined();
  });

  it('reports the test file under test, without labels', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', train, '--test', test, '--json'], context)).toBe(0);
    const summary = JSON.parse(context.stdoutText()) as PrepSummary;
    expect(summary.rows).toBe(300);
    expect(summary.test?.rows).toBe(4);
    expect(summary.test?.labels).toBeUndefined();
    if (summary.test !== undefined) expectMatchCountsSumToRows(summary.test);
    // Shared bin edges, so that the two histograms can be drawn on one axis.
    expect(summary.test?.factLength.words.histogram.binEdges).toEqual(summary.factLength.words.histogram.binEdges);
  });

  it('prints terminal histograms without ANSI codes off a TTY', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', train, '--test', test], context)).toBe(0);
    const stdout = context.stdoutText();
    expect(stdout).toContain('Length of facts in characters');
    expect(stdout).toContain('Label balance');
    expect(stdout).toContain('NER tags of first_party');
    expect(stdout).toContain('Matching cases of second_party');
    expect(stdout).toMatch(/│█/);
    expect(stdout + context.stderrText()).not.toMatch(ANSI_PATTERN);
    // Progress lines go to stderr in the fixed plain format.
    expect(context.stderrText()).toContain('prepare-court start | 300 items');
    expect(context.stderrText()).toContain('prepare-court end | ');
  });

  it('colours on a TTY unless NO_COLOR is set', async () => {
    const coloured = createCapturedContext({ tty: true });
    expect(await runCli(['prep', '--data', train], coloured)).toBe(0);
    expect(coloured.stdoutText()).toMatch(ANSI_PATTERN);

    const noColor = createCapturedContext({ tty: true, env: { NO_COLOR: '1' } });
    expect(await runCli(['prep', '--data', train], noColor)).toBe(0);
    expect(noColor.stdoutText()).not.toMatch(ANSI_PATTERN);
  });

  it('rejects bad rows with every problem listed, and keeps the good ones with --lenient', async () => {
    const strict = createCapturedContext();
    expect(await runCli(['prep', '--data', badRows], strict)).toBe(1);
    expect(strict.stderrText()).toMatch(/^DATA_RECORD_INVALID: /);
    expect(strict.stderrText()).toContain('first_party_winner');
    expect(strict.stderrText()).toContain('facts');
    expect(strict.stderrText()).toContain('--lenient');

    const lenient = createCapturedContext();
    expect(await runCli(['prep', '--data', badRows, '--lenient', '--json'], lenient)).toBe(0);
    const summary = JSON.parse(lenient.stdoutText()) as PrepSummary;
    expect(summary.rows).toBe(4);
    expect(summary.rejected.count).toBe(2);
    expect(summary.rejected.rows.map((row) => row.row)).toEqual([5, 6]);
    expectMatchCountsSumToRows(summary);

    const text = createCapturedContext();
    expect(await runCli(['prep', '--data', badRows, '--lenient'], text)).toBe(0);
    expect(text.stderrText()).toContain('2 rows of');
    expect(text.stderrText()).toMatch(/row 5 \(ID TRAIN_0004\): first_party_winner/);
  });

  it('writes the report directory with --out, with token lengths from --tokenizer', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctune-prep-'));
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', train, '--test', test, '--tokenizer', gpt2Tokenizer, '--out', out, '--json'], context)).toBe(0);
    const printed = JSON.parse(context.stdoutText()) as PrepSummary & { out: { dir: string; files: { path: string }[] } };
    expect(printed.out.dir).toBe(out);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(printed.out.files.map((file) => file.path).sort());
    expect(files).toEqual(
      expect.arrayContaining(['prepared.jsonl', 'prepared-test.jsonl', 'statistics.json', 'report.html', 'manifest.json', 'fact-length-tokens.svg']),
    );
    // GPT-2 tokens: more than words, fewer than characters, for every file.
    for (const summary of [printed, printed.test]) {
      const lengths = summary?.factLength;
      expect(lengths?.tokens?.count).toBe(summary?.rows);
      expect(lengths?.tokens?.mean).toBeGreaterThan(lengths?.words.mean ?? Infinity);
      expect(lengths?.tokens?.mean).toBeLessThan(lengths?.characters.mean ?? 0);
    }
    expect({ ...JSON.parse(await readFile(join(out, 'statistics.json'), 'utf8')), out: printed.out }).toEqual(printed);
    const lines = (await readFile(join(out, 'prepared.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(300);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      row: 1,
      id: 'TRAIN_0008',
      firstParty: 'Ron Davis, Acting Warden',
      firstPartyWinner: 1,
      firstPartyMatch: { case: expect.any(String) },
    });
  });

  it('refuses a NUL character in facts with DATA_RECORD_INVALID naming the row and the field', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ctune-prep-nul-'));
    const file = join(directory, 'nul.csv');
    await writeFile(file, 'ID,first_party,second_party,facts,first_party_winner\nTRAIN_0000,Ann Smith,Bob Jones,"Ann Smith sued Bob Jones.\u0000 Then she won.",1\nTRAIN_0001,Carl Doe,Dana Roe,Carl Doe sued Dana Roe.,0\n');
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', file], context)).toBe(1);
    expect(context.stderrText()).toMatch(/^DATA_RECORD_INVALID: /);
    expect(context.stderrText()).toMatch(/TRAIN_0000|row 1|line 2/);
    expect(context.stderrText()).toContain('facts');
    expect(context.stderrText()).toContain('NUL');
  });
});
