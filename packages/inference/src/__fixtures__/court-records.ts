import { loadDataset, prepareDataset, type PreparedCourtRecord } from '@causal-tune/data-prep';
import { COURT_SAMPLE_CSV } from './paths.js';

/** The first `count` rows of the shipped court sample, cleaned and party-matched. */
export async function courtSample(count: number): Promise<PreparedCourtRecord[]> {
  const dataset = await loadDataset(COURT_SAMPLE_CSV, { requireLabels: true });
  if (dataset.kind !== 'court') throw new Error('the court sample is not recognised as court data');
  return prepareDataset(dataset.records.slice(0, count));
}
