// Types of the court data set and of instruction data (the contract other packages code against)
export type { CourtRecord, InstructionRecord, MatchCase, NerTag, PartyMatch, PreparedCourtRecord } from './court/court-record.js';
export type { DatasetRecord, PreparedDataset } from './court/dataset-record.js';

// Reading and validation
export { loadDataset, loadDatasetOptionsSchema } from './readers/load-dataset.js';
export type { CourtDataset, InstructionDataset, LoadDatasetOptions, LoadedDataset } from './readers/load-dataset.js';
export type { RecordIssue, RejectedRecord } from './readers/record-issue.js';
export { COURT_COLUMNS, COURT_LABEL_COLUMN, courtTestRowSchema, courtTrainRowSchema } from './schemas/court-schema.js';
export { INSTRUCTION_FIELDS, instructionRowSchema } from './schemas/instruction-schema.js';

// Cleaning
export { cleanFacts, containsHtml, decodeHtmlEntities } from './cleaning/clean-facts.js';
export { isPlaceholderFacts } from './cleaning/placeholder-facts.js';

// Party names: NER and matching
export { createDefaultTagger } from './ner/default-tagger.js';
export { createOnnxTagger } from './ner/onnx-tagger.js';
export type { OnnxTaggerOptions } from './ner/onnx-tagger.js';
export type { PartyTagger, TaggedEntity } from './ner/party-tagger.js';
export { splitPartyName } from './ner/split-party-name.js';
export type { PartyNamePart } from './ner/split-party-name.js';
export { matchParty } from './matching/match-party.js';
export type { MatchVia, PartyMatchDetail } from './matching/match-party.js';
export { acronymsOf } from './matching/acronyms.js';

// Preparation
export { PREPARE_TASK, prepareDataset } from './prepare/prepare-dataset.js';
export type { PrepareDatasetOptions } from './prepare/prepare-dataset.js';

// Statistics
export { compareStatistics, computeStatistics } from './statistics/compute-statistics.js';
export type { ComputeStatisticsOptions, StatisticsInput } from './statistics/compute-statistics.js';
export type { DatasetStatistics, MatchCounts, NumericSummary } from './statistics/dataset-statistics.js';

// Writing
export { formatCourtCsv } from './writers/format-court-csv.js';

// Splits and augmentation
export { splitDataset, splitOptionsSchema } from './splits/split-dataset.js';
export type { DatasetSplit, SplitOptions } from './splits/split-dataset.js';
export { augmentWithSwaps, swapParties } from './splits/swap-parties.js';
export type { SwapOptions } from './splits/swap-parties.js';
