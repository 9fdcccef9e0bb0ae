import { isToolkitError } from '@causal-tune/core';
import type { ProgressEvent } from '@causal-tune/core';
import type { CourtRecord } from '../court/court-record.js';
import { loadDataset } from '../readers/load-dataset.js';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { PREPARE_TASK, prepareDataset } from './prepare-dataset.js';

let records: readonly CourtRecord[] = [];

beforeAll(async () => {
  const dataset = await loadDataset(COURT_SAMPLE_PATH);
  if (dataset.kind !== 'court') throw new Error('expected the court sample');
  records = dataset.records;
});

describe('prepareDataset on the shipped sample', () => {
  it('cleans, flags placeholders and matches both parties of every row, with offsets into the clean facts', async () => {
    const events: ProgressEvent[] = [];
    const prepared = await prepareDataset(records, { onProgress: (event) => events.push(event), progressInterval: 100 });
    expect(prepared).toHaveLength(300);
    expect(prepared.filter((record) => record.placeholderFacts).map((record) => record.id)).toEqual(['TRAIN_0630', 'TRAIN_1104', 'TRAIN_1595']);
    expect(prepared.find((record) => record.id === 'TRAIN_0454')?.cleanFacts).not.toContain('<i>');
    for (const record of prepared) {
      expect(record).toMatchObject({ id: record.id, facts: records[record.row - 1]?.facts });
      for (const match of [record.firstPartyMatch, record.secondPartyMatch]) {
        if (match.case === 'unmatched') {
          expect([match.alias, match.offset]).toEqual([null, null]);
        } else {
          expect(record.cleanFacts.slice(match.offset ?? -1, (match.offset ?? 0) + (match.alias?.length ?? 0))).toBe(match.alias);
        }
        expect(match.tags.length).toBeGreaterThan(0);
      }
    }
    for (const side of ['firstPartyMatch', 'secondPartyMatch'] as const) {
      const cases = new Set(prepared.map((record) => record[side].case));
      expect(cases).toEqual(new Set(['full_name', 'single_tag', 'multi_tag', 'unmatched']));
    }
    expect(events[0]).toEqual({ type: 'task-start', task: PREPARE_TASK, total: 300 });
    expect(events.filter((event) => event.type === 'task-progress').map((event) => (event.type === 'task-progress' ? event.completed : 0))).toEqual([100, 200, 300]);
    expect(events.at(-1)?.type).toBe('task-end');
  });

  it('uses the tagger it is given, once per distinct name', async () => {
    const seen: string[] = [];
    const tagger = {
      name: 'counting',
      tag: (name: string) => {
        seen.push(name);
        return Promise.resolve([{ text: name, tag: 'MISC' as const, start: 0, end: name.length }]);
      },
    };
    const prepared = await prepareDataset(records.slice(0, 50), { tagger });
    expect(new Set(seen).size).toBe(seen.length);
    expect(prepared.every((record) => record.firstPartyMatch.tags.join() === 'MISC')).toBe(true);
  });

  it('stops with ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    const error: unknown = await prepareDataset(records, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(isToolkitError(error) && error.code).toBe('ABORTED');
  });
});
