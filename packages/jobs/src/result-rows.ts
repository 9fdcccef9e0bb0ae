import { stringify } from 'csv-stringify/sync';
import type { ClassifyResult } from '@causal-tune/inference';
import { z } from 'zod';
import type { ChunkPayload, JobKind } from './job-spec.js';

const probabilitiesSchema = z.record(z.string(), z.number());

/** One classified row of a job, as stored per chunk and served as JSONL. */
export const resultRowSchema = z.union([
  z.strictObject({
    /** 0-based position in the input file. */
    index: z.number().int().min(0),
    id: z.string(),
    firstPartyWinner: z.union([z.literal(0), z.literal(1)]),
    /** p(first party wins), after calibration. */
    probability: z.number(),
    askedAbout: z.string(),
    label: z.union([z.string(), z.number()]),
    word: z.string(),
    probabilities: probabilitiesSchema,
  }),
  z.strictObject({ index: z.number().int().min(0), row: z.number().int(), label: z.union([z.string(), z.number()]), word: z.string(), probabilities: probabilitiesSchema }),
]);

/** One classified row. */
export type ResultRow = z.output<typeof resultRowSchema>;

/** The rows of one chunk, as stored. */
export const chunkRowsSchema = z.array(resultRowSchema);

/** The result rows of a chunk's classification, in the chunk's order. */
export function resultRowsOf(payload: ChunkPayload, result: ClassifyResult): ResultRow[] {
  return result.items.map((item, offset) => {
    const index = payload.firstIndex + offset;
    const label = item.label;
    if (payload.kind === 'court') {
      const record = payload.records[offset]!;
      const court = item.court;
      if (court === undefined) throw new Error(`Chunk ${payload.chunk} of job ${payload.jobId}: court record ${record.id} came back without a court decision.`);
      return { index, id: record.id, firstPartyWinner: court.firstPartyWinner, probability: court.firstPartyWinProbability, askedAbout: court.askedAbout, label, word: item.word, probabilities: { ...item.probabilities } };
    }
    return { index, row: payload.records[offset]!.row, label, word: item.word, probabilities: { ...item.probabilities } };
  });
}

// The options of @causal-tune/inference's formatSubmission (RFC 4180 quoting by csv-stringify,
// `\n` line ends, a lone `\r` quoted), so that a job's file is byte for byte what
// `ctune predict` writes; result-rows.test.ts compares the two.
const CSV_OPTIONS = { record_delimiter: 'unix', quoted_match: /\r/ } as const;

/** The header line of a job's CSV: the competition's for court data. */
export function csvHeader(kind: JobKind): string {
  return stringify([kind === 'court' ? ['ID', 'first_party_winner'] : ['row', 'label']], CSV_OPTIONS);
}

/** CSV lines of rows, without the header. */
export function csvLines(rows: readonly ResultRow[]): string {
  if (rows.length === 0) return '';
  return stringify(
    rows.map((row) => ('id' in row ? [row.id, String(row.firstPartyWinner)] : [String(row.row), String(row.label)])),
    CSV_OPTIONS,
  );
}

/** One JSONL line of a row (snake_case, as the API's other bodies), with its label-word probabilities. */
export function jsonLine(row: ResultRow): string {
  const body =
    'id' in row
      ? { id: row.id, first_party_winner: row.firstPartyWinner, probability: row.probability, asked_about: row.askedAbout, label: row.label, word: row.word, probabilities: row.probabilities }
      : { row: row.row, label: row.label, word: row.word, probabilities: row.probabilities };
  return `${JSON.stringify(body)}\n`;
}
