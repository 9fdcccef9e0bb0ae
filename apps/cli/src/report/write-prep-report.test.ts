import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { xmlProblems } from '../__fixtures__/xml-well-formed.js';
import { runPrep, summarizePrep } from '../workflows/prep-workflow.js';
import { writePrepReport } from './write-prep-report.js';

const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
const CHARTS = ['fact-length-characters.svg', 'fact-length-words.svg', 'label-balance.svg', 'ner-tags.svg', 'matching-cases.svg'];

describe('writePrepReport', () => {
  it('writes valid SVG charts, an HTML report with them inline, and a manifest', async () => {
    const result = await runPrep({ dataPath: join(fixtures, 'court-train-tiny.csv'), testPath: join(fixtures, 'court-test-tiny.csv') });
    const out = await mkdtemp(join(tmpdir(), 'ctune-report-'));
    const written = await writePrepReport(out, result, summarizePrep(result), { version: '0.0.0-test', now: () => new Date('2026-01-02T03:04:05Z') });

    const names = await readdir(out);
    expect(names.sort()).toEqual(written.map((file) => file.path).sort());
    expect(names).toEqual(expect.arrayContaining(CHARTS));
    for (const chart of CHARTS) {
      const svg = await readFile(join(out, chart), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(xmlProblems(svg)).toEqual([]);
      // Real marks, not an empty frame: bars and histogram cells are paths in a mark group.
      expect(svg).toMatch(/class="mark-(rect|path)[^"]*"/);
    }
    // Both files appear in the legend of the overlaid histogram.
    const characters = await readFile(join(out, 'fact-length-characters.svg'), 'utf8');
    expect(characters).toContain('court-train-tiny.csv');
    expect(characters).toContain('court-test-tiny.csv');

    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(CHARTS.length);
    expect(html).toContain('2026-01-02T03:04:05.000Z');

    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { kind: string; files: { path: string; sizeBytes: number }[] };
    expect(manifest.kind).toBe('prepared-data');
    expect(manifest.files.map((file) => file.path)).toEqual(written.filter((file) => file.path !== 'manifest.json').map((file) => file.path));
    expect(manifest.files.every((file) => file.sizeBytes > 0)).toBe(true);
  });
});
