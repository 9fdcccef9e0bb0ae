import type { CourtRecord, InstructionRecord } from '@causal-tune/data-prep';
import type { ChunkPayload, JobOptions } from './job-spec.js';

/** The records of a job's data file, by kind. */
export type JobRecords = { readonly kind: 'court'; readonly records: readonly CourtRecord[] } | { readonly kind: 'instruction'; readonly records: readonly InstructionRecord[] };

/** What {@link planChunks} needs besides the records. */
export interface ChunkPlanInput {
  readonly jobId: string;
  readonly model: string;
  readonly options: JobOptions;
  readonly chunkSize: number;
}

/**
 * Splits a job's records into chunks of `chunkSize` rows in file order: chunk `n` holds rows
 * `n * chunkSize` onwards, so chunk and row positions give the input order back at assembly.
 */
export function planChunks(data: JobRecords, input: ChunkPlanInput): ChunkPayload[] {
  const chunks: ChunkPayload[] = [];
  const size = Math.max(1, Math.floor(input.chunkSize));
  for (let firstIndex = 0, chunk = 0; firstIndex < data.records.length; firstIndex += size, chunk += 1) {
    const base = { jobId: input.jobId, chunk, firstIndex, model: input.model, options: input.options };
    // Plain copies: the payload is serialised, and a record must carry nothing but its fields.
    if (data.kind === 'court') {
      chunks.push({
        ...base,
        kind: 'court',
        records: data.records.slice(firstIndex, firstIndex + size).map(({ row, id, firstParty, secondParty, facts, firstPartyWinner }) => ({ row, id, firstParty, secondParty, facts, ...(firstPartyWinner === undefined ? {} : { firstPartyWinner }) })),
      });
    } else {
      chunks.push({ ...base, kind: 'instruction', records: data.records.slice(firstIndex, firstIndex + size).map(({ row, instruction, input: text, output }) => ({ row, instruction, input: text, ...(output === undefined ? {} : { output }) })) });
    }
  }
  return chunks;
}
