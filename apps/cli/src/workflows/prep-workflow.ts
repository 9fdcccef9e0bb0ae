import { ToolkitError, assert } from '@causal-tune/core';
import type { RunOptions, Tokenizer } from '@causal-tune/core';
import { compareStatistics, computeStatistics, loadDataset, prepareDataset } from '@causal-tune/data-prep';
import type { DatasetStatistics, PreparedCourtRecord } from '@causal-tune/data-prep';
import { basename } from 'node:path';
import type { ChartSeries } from '../report/chart-specs.js';

type LoadedDataset = Awaited<ReturnType<typeof loadDataset>>;

/** A row that lenient loading kept out, with the reasons data-prep gave. */
export type RejectedRow = LoadedDataset['rejected'][number];

/** Options of {@link runPrep}. Paths are absolute or relative to the process directory. */
export interface PrepOptions {
  /** The court CSV to prepare (train.csv, or any file with its columns). */
  readonly dataPath: string;
  /** A second file compared with the first (test.csv). */
  readonly testPath?: string;
  /** Keep the good rows of a file with bad ones, and report the rest. */
  readonly lenient?: boolean;
  /** Counts fact lengths in tokens too. */
  readonly tokenizer?: Tokenizer;
}

/** One prepared file with its statistics. */
export interface PreparedFile {
  readonly path: string;
  readonly records: readonly PreparedCourtRecord[];
  readonly rejected: readonly RejectedRow[];
  readonly statistics: DatasetStatistics;
}

/** What {@link runPrep} returns: the prepared data file and, when given, the test file. */
export interface PrepResult {
  readonly data: PreparedFile;
  readonly test?: PreparedFile;
}

type LoadedCourtFile = Omit<PreparedFile, 'statistics'>;

async function prepareFile(path: string, options: PrepOptions, runOptions: RunOptions): Promise<LoadedCourtFile> {
  const loaded = await loadDataset(path, {
    mode: options.lenient === true ? 'lenient' : 'strict',
    ...(runOptions.logger === undefined ? {} : { logger: runOptions.logger }),
    ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
  });
  if (loaded.kind !== 'court') {
    throw new ToolkitError(
      'DATA_FORMAT_UNKNOWN',
      `'ctune prep' reports on court data (columns ID, first_party, second_party, facts[, first_party_winner]), but '${path}' holds instruction records. Preview them with 'ctune prompts --data ${path}'.`,
      { details: { path, kind: loaded.kind } },
    );
  }
  const records = await prepareDataset(loaded.records, runOptions);
  return { path, records, rejected: loaded.rejected };
}

/**
 * Loads, validates, cleans and party-matches the court file(s) and computes their statistics:
 * the work of `ctune prep`, as data, so that the TUI can show it too. With a test file both
 * files' histograms share bin edges, so that they can be drawn on one axis.
 *
 * @example
 * const result = await runPrep({ dataPath: 'fixtures/dacon-court/train-sample.csv' });
 * result.data.statistics.matching.first_party.full_name;
 */
export async function runPrep(options: PrepOptions, runOptions: RunOptions = {}): Promise<PrepResult> {
  const tokenizer = options.tokenizer === undefined ? {} : { tokenizer: options.tokenizer };
  const data = await prepareFile(options.dataPath, options, runOptions);
  if (options.testPath === undefined) {
    return { data: { ...data, statistics: computeStatistics(data.records, { file: data.path, ...tokenizer }) } };
  }
  const test = await prepareFile(options.testPath, options, runOptions);
  const [dataStatistics, testStatistics] = compareStatistics(
    [
      { file: data.path, records: data.records },
      { file: test.path, records: test.records },
    ],
    tokenizer,
  );
  assert(dataStatistics !== undefined && testStatistics !== undefined, () => 'compareStatistics must return one result per file.');
  return { data: { ...data, statistics: dataStatistics }, test: { ...test, statistics: testStatistics } };
}

/** The statistics of one file as printed by `--json`, with its rejected rows. */
export type PrepFileSummary = DatasetStatistics & {
  readonly rejected: { readonly count: number; readonly rows: readonly RejectedRow[] };
};

/**
 * The JSON of `ctune prep --json` and of `statistics.json`: the data file's statistics at the
 * top level (`rows`, `labels`, `matching`, ...) and the test file's, when given, under `test`.
 */
export type PrepSummary = PrepFileSummary & { readonly test?: PrepFileSummary };

function summarizeFile(file: PreparedFile): PrepFileSummary {
  return { ...file.statistics, rejected: { count: file.rejected.length, rows: file.rejected } };
}

/** The {@link PrepSummary} of a result. */
export function summarizePrep(result: PrepResult): PrepSummary {
  const data = summarizeFile(result.data);
  return result.test === undefined ? data : { ...data, test: summarizeFile(result.test) };
}

/**
 * The files of a result as named chart series: their base names, or `data` and `test` when the
 * two base names are the same.
 */
export function prepSeries(result: PrepResult): ChartSeries[] {
  const dataName = basename(result.data.path);
  if (result.test === undefined) return [{ name: dataName, statistics: result.data.statistics }];
  const testName = basename(result.test.path);
  const distinct = dataName !== testName;
  return [
    { name: distinct ? dataName : 'data', statistics: result.data.statistics },
    { name: distinct ? testName : 'test', statistics: result.test.statistics },
  ];
}
