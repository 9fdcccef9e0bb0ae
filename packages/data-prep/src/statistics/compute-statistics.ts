import { ToolkitError } from '@causal-tune/core';
import type { Tokenizer } from '@causal-tune/core';
import type { NerTag, PartyMatch, PreparedCourtRecord } from '../court/court-record.js';
import type { DatasetStatistics, MatchCounts } from './dataset-statistics.js';
import { summarizeNumbers } from './numeric-summary.js';

/** Options of {@link computeStatistics}. */
export interface ComputeStatisticsOptions {
  /** The file's name or path, as reported in `file`. */
  readonly file: string;
  /** Counts tokens of the cleaned facts too (without special tokens). */
  readonly tokenizer?: Tokenizer;
  /** Histogram bins of each length; default 20. */
  readonly bins?: number;
  /** Fixed histogram ranges, so that two files share bin edges ({@link compareStatistics} sets them). */
  readonly ranges?: Partial<Record<'characters' | 'words' | 'tokens', readonly [number, number]>>;
}

/** Lengths of the cleaned facts of each record. */
interface FactLengths {
  readonly characters: number[];
  readonly words: number[];
  readonly tokens?: number[];
}

type TagCounts = Record<NerTag | 'mixed' | 'none', number>;

function measure(records: readonly PreparedCourtRecord[], tokenizer: Tokenizer | undefined): FactLengths {
  const characters: number[] = [];
  const words: number[] = [];
  const tokens: number[] = [];
  for (const record of records) {
    // Code points, as Python's len(): a surrogate pair is one character.
    const pairs = record.cleanFacts.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
    characters.push(record.cleanFacts.length - pairs);
    words.push(record.cleanFacts.split(/\s+/).filter((word) => word.length > 0).length);
    if (tokenizer !== undefined) tokens.push(tokenizer.encode(record.cleanFacts, { addSpecialTokens: false }).length);
  }
  return tokenizer === undefined ? { characters, words } : { characters, words, tokens };
}

function countTags(matches: readonly PartyMatch[]): TagCounts {
  const counts: TagCounts = { PER: 0, ORG: 0, LOC: 0, MISC: 0, mixed: 0, none: 0 };
  for (const match of matches) {
    const key = match.tags.length === 0 ? 'none' : match.tags.length > 1 ? 'mixed' : (match.tags[0] as NerTag);
    counts[key] += 1;
  }
  return counts;
}

function countCases(matches: readonly PartyMatch[]): MatchCounts {
  const counts = { full_name: 0, single_tag: 0, multi_tag: 0, unmatched: 0 };
  for (const match of matches) counts[match.case] += 1;
  return counts;
}

function fromLengths(records: readonly PreparedCourtRecord[], lengths: FactLengths, options: ComputeStatisticsOptions): DatasetStatistics {
  if (records.length === 0) {
    throw new ToolkitError('DATA_EMPTY', `Cannot compute statistics of ${options.file}: it has no records. Pass the records of a non-empty file.`, {
      details: { file: options.file },
    });
  }
  const labelled = records.filter((record) => record.firstPartyWinner !== undefined);
  const summaryOptions = (key: 'characters' | 'words' | 'tokens') => {
    const range = options.ranges?.[key];
    return range === undefined ? { bins: options.bins ?? 20 } : { bins: options.bins ?? 20, range };
  };
  const factLength = {
    characters: summarizeNumbers(lengths.characters, summaryOptions('characters')),
    words: summarizeNumbers(lengths.words, summaryOptions('words')),
    ...(lengths.tokens === undefined ? {} : { tokens: summarizeNumbers(lengths.tokens, summaryOptions('tokens')) }),
  };
  return {
    file: options.file,
    rows: records.length,
    ...(labelled.length === 0
      ? {}
      : {
          labels: {
            '0': labelled.filter((record) => record.firstPartyWinner === 0).length,
            '1': labelled.filter((record) => record.firstPartyWinner === 1).length,
          },
        }),
    placeholderFacts: records.filter((record) => record.placeholderFacts).length,
    factLength,
    nerTags: {
      first_party: countTags(records.map((record) => record.firstPartyMatch)),
      second_party: countTags(records.map((record) => record.secondPartyMatch)),
    },
    matching: {
      first_party: countCases(records.map((record) => record.firstPartyMatch)),
      second_party: countCases(records.map((record) => record.secondPartyMatch)),
    },
  };
}

/**
 * Statistics of one prepared court file, as plain JSON-able data (`ctune prep --json` prints
 * it; the CLI draws the histograms): fact lengths in characters (code points), words and, with a
 * tokenizer, tokens; label balance (absent without labels); placeholder facts; the NER tag
 * distribution of both party columns (`mixed` = several tags, `none` = no entity); the four match
 * cases per party, which sum to `rows`. Throws `DATA_EMPTY` for no records.
 *
 * @example
 * const statistics = computeStatistics(prepared, { file: 'train.csv' });
 * statistics.matching.first_party; // { full_name: …, single_tag: …, multi_tag: …, unmatched: … }
 */
export function computeStatistics(prepared: readonly PreparedCourtRecord[], options: ComputeStatisticsOptions): DatasetStatistics {
  return fromLengths(prepared, measure(prepared, options.tokenizer), options);
}

/** One file for {@link compareStatistics}. */
export interface StatisticsInput {
  readonly file: string;
  readonly records: readonly PreparedCourtRecord[];
}

/**
 * Statistics of several files (train vs test) whose histograms share bin edges, so that they can
 * be drawn on one axis: each length's range spans all files.
 */
export function compareStatistics(
  files: readonly StatisticsInput[],
  options: Omit<ComputeStatisticsOptions, 'file' | 'ranges'> = {},
): DatasetStatistics[] {
  const lengths = files.map((input) => measure(input.records, options.tokenizer));
  const rangeOf = (key: 'characters' | 'words' | 'tokens'): readonly [number, number] | undefined => {
    const values = lengths.flatMap((entry) => entry[key] ?? []);
    if (values.length === 0) return undefined;
    return [values.reduce((low, value) => Math.min(low, value)), values.reduce((high, value) => Math.max(high, value))];
  };
  const ranges: Partial<Record<'characters' | 'words' | 'tokens', readonly [number, number]>> = {};
  for (const key of ['characters', 'words', 'tokens'] as const) {
    const range = rangeOf(key);
    if (range !== undefined) ranges[key] = range;
  }
  return files.map((input, index) => fromLengths(input.records, lengths[index] as FactLengths, { ...options, file: input.file, ranges }));
}
