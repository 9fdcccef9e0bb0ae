import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { courtSample } from '../__fixtures__/court-records.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { loadPredictor } from '../predictor/load-predictor.js';
import { formatSubmission, writeSubmission } from './submission-file.js';

describe('submission files', () => {
  it('writes the competition format with the input IDs in input order, atomically', async () => {
    const records = (await courtSample(8)).map((record, index) => ({ ...record, id: index === 3 ? 'TEST, "odd"' : `TEST_${String(7 - index).padStart(4, '0')}`, firstPartyWinner: undefined }));
    const predictor = await loadPredictor({ modelDir: STORIES_260K_DIR });
    const result = await predictor.classify(records, { batchSize: 3 });
    await predictor.release();
    const directory = await mkdtemp(join(tmpdir(), 'ctune-submission-'));
    const path = join(directory, 'out', 'submission.csv');
    await writeSubmission(path, records, result);
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines[0]).toBe('ID,first_party_winner');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1).map((line) => (line.startsWith('"') ? line.slice(0, line.lastIndexOf(',')) : line.split(',')[0]))).toEqual(records.map((record) => (record.id.includes(',') ? '"TEST, ""odd"""' : record.id)));
    expect(lines.slice(1, -1).map((line) => line.at(-1))).toEqual(result.items.map((item) => String(item.court!.firstPartyWinner)));
    expect(await readdir(join(directory, 'out'))).toEqual(['submission.csv']);
    const withProbabilities = formatSubmission(records, result, { probabilities: true }).split('\n');
    expect(withProbabilities[0]).toBe('ID,first_party_winner,probability');
    expect(withProbabilities[1]).toBe(`${records[0]!.id},${result.items[0]!.court!.firstPartyWinner},${result.items[0]!.court!.firstPartyWinProbability.toFixed(6)}`);
    await rm(directory, { recursive: true, force: true });
  });
});
