import { courtRecords } from './__fixtures__/fake-predictor.js';
import { jobOptionsSchema } from './job-spec.js';
import { planChunks } from './plan-chunks.js';

describe('planChunks', () => {
  it('splits in file order into chunks of N rows, the last one shorter', () => {
    const records = courtRecords(23);
    const chunks = planChunks({ kind: 'court', records }, { jobId: 'j', model: 'm', options: jobOptionsSchema.parse({}), chunkSize: 10 });
    expect(chunks.map((chunk) => [chunk.chunk, chunk.firstIndex, chunk.records.length])).toEqual([
      [0, 0, 10],
      [1, 10, 10],
      [2, 20, 3],
    ]);
    expect(chunks.flatMap((chunk) => chunk.records.map((record) => ('id' in record ? record.id : '')))).toEqual(records.map((record) => record.id));
  });

  it('copies only the record fields (prepared fields are not shipped)', () => {
    const [record] = courtRecords(1);
    const chunks = planChunks({ kind: 'court', records: [{ ...record!, cleanFacts: 'x' } as never] }, { jobId: 'j', model: 'm', options: jobOptionsSchema.parse({}), chunkSize: 5 });
    expect(Object.keys(chunks[0]!.records[0]!).sort()).toEqual(['facts', 'firstParty', 'id', 'row', 'secondParty']);
  });
});
