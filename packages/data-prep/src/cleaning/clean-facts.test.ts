import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { cleanFacts, containsHtml, decodeHtmlEntities } from './clean-facts.js';

const sample = parse(readFileSync(COURT_SAMPLE_PATH), { columns: true }) as Record<string, string>[];
const factsOf = (id: string): string => sample.find((row) => row.ID === id)?.facts ?? '';

describe('cleanFacts', () => {
  it('strips the <i> tags of the real rows that have them and keeps the words', () => {
    const htmlRows = sample.filter((row) => containsHtml(row.facts ?? ''));
    expect(htmlRows.map((row) => row.ID)).toEqual(['TRAIN_0066', 'TRAIN_0285', 'TRAIN_0454', 'TRAIN_0701']);
    const cleaned = cleanFacts(factsOf('TRAIN_0454'));
    expect(cleaned).toContain('John H. Griffin’s book The Devil Rides Outside traces');
    for (const row of htmlRows) expect(containsHtml(cleanFacts(row.facts ?? ''))).toBe(false);
  });

  it('turns paragraph tags and <br> into line breaks and decodes entities', () => {
    expect(cleanFacts('<p>Smith&#39;s  case&nbsp;began &amp; ended.</p><p>Jones&#x2019;s&rsquo;<br/>appeal</p>')).toBe(
      "Smith's case began & ended.\nJones’s’\nappeal",
    );
    expect(decodeHtmlEntities('&lt;b&gt; &quot;x&quot; &unknown; &#0;')).toBe('<b> "x" &unknown; &#0;');
  });

  it('normalises whitespace of the real facts: no doubled spaces, no NBSP, trimmed lines, LF only', () => {
    const withDoubleSpaces = sample.filter((row) => / {2}|\u00a0/.test(row.facts ?? ''));
    expect(withDoubleSpaces.length).toBeGreaterThan(0);
    for (const row of sample) {
      const cleaned = cleanFacts(row.facts ?? '');
      expect(cleaned).not.toMatch(/ {2}|\u00a0|\r|^\s|\s$|\n\n| \n|\n /);
      // Cleaning removes only markup and whitespace: the words are the same.
      expect(cleaned.replace(/\s+/g, '')).toBe(decodeHtmlEntities((row.facts ?? '').replace(/<[^<>]*>/g, '')).replace(/[\s\u00a0]+/g, ''));
    }
    expect(cleanFacts(factsOf('TRAIN_0630'))).toBe('Not Available.');
  });

  it('leaves a "<" that is no tag alone', () => {
    expect(cleanFacts('damages < $75,000 and x>y')).toBe('damages < $75,000 and x>y');
  });
});
