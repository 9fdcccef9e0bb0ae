import type { CourtRecord, InstructionRecord, PreparedCourtRecord } from './court-record.js';

/** Any record `loadDataset` returns (STYLE.md's `DatasetRecord`): a court row or an instruction record. */
export type DatasetRecord = CourtRecord | InstructionRecord;

/** The output of `prepareDataset` (STYLE.md's `PreparedDataset`). */
export type PreparedDataset = readonly PreparedCourtRecord[];
