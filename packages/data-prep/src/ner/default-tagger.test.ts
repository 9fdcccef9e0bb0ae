import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { classifyNamePart, createDefaultTagger } from './default-tagger.js';

const tagger = createDefaultTagger();
const tagsOf = async (name: string): Promise<string[]> => (await tagger.tag(name)).map((entity) => `${entity.tag}:${entity.text}`);

describe('createDefaultTagger', () => {
  it('tags people, places and organisations of real party names', async () => {
    expect(await tagsOf('Lilly M. Ledbetter')).toEqual(['PER:Lilly M. Ledbetter']);
    expect(await tagsOf('Booker T. Hudson, Jr.')).toEqual(['PER:Booker T. Hudson, Jr.']);
    expect(await tagsOf('Texas')).toEqual(['LOC:Texas']);
    expect(await tagsOf('City of Chicago')).toEqual(['LOC:City of Chicago']);
    expect(await tagsOf('The Goodyear Tire & Rubber Company, Inc.')).toEqual(['ORG:The Goodyear Tire & Rubber Company, Inc.']);
  });

  it('applies the rules compromise alone gets wrong', async () => {
    expect(await tagsOf('United States')).toEqual(['LOC:United States']);
    expect(await tagsOf('United States of America')).toEqual(['LOC:United States of America']);
    expect(await tagsOf('Federal Communications Commission')).toEqual(['ORG:Federal Communications Commission']);
    expect(await tagsOf('Board of Education')).toEqual(['ORG:Board of Education']);
    expect(await tagsOf('Department of Defense, et al.')).toEqual(['ORG:Department of Defense']);
    expect(await tagsOf('Coastal Oil Co.')).toEqual(['ORG:Coastal Oil Co.']);
    expect(await tagsOf('KSR International Co.')).toEqual(['ORG:KSR International Co.']);
    expect(await tagsOf('Phil A. St. Amant')).toEqual(['PER:Phil A. St. Amant']); // compromise alone: PER "Phil" + LOC "St. Amant"
    expect(classifyNamePart('Commissioner of Internal Revenue')).toBe('ORG');
  });

  it('tags each party of a multi-party name, with offsets into the name', async () => {
    const name = 'Jeffrey A. Beard, Secretary, Pennsylvania Department of Corrections, et al.';
    const entities = await tagger.tag(name);
    expect(entities.map((entity) => `${entity.tag}:${entity.text}`)).toEqual(['PER:Jeffrey A. Beard', 'ORG:Pennsylvania Department of Corrections']);
    for (const entity of entities) expect(name.slice(entity.start, entity.end)).toBe(entity.text);
  });

  it('finds at least one entity in every party name of the sample', async () => {
    const sample = parse(readFileSync(COURT_SAMPLE_PATH), { columns: true }) as Record<string, string>[];
    const names = sample.flatMap((row) => [row.first_party ?? '', row.second_party ?? '']);
    const empty: string[] = [];
    for (const name of names) if ((await tagger.tag(name)).length === 0) empty.push(name);
    expect(empty).toEqual([]);
  });
});
