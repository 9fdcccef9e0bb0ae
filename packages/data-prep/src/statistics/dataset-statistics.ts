import type { NerTag } from '../court/court-record.js';

/** Summary of one numeric column (fact lengths). */
export interface NumericSummary {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Keys p5, p25, p50, p75, p95, p99. */
  readonly percentiles: Readonly<Record<'p5' | 'p25' | 'p50' | 'p75' | 'p95' | 'p99', number>>;
  /** Equal-width bins: `binEdges.length === counts.length + 1`. */
  readonly histogram: { readonly binEdges: readonly number[]; readonly counts: readonly number[] };
}

/** Counts of the four match cases for one party column. */
export type MatchCounts = Readonly<Record<'full_name' | 'single_tag' | 'multi_tag' | 'unmatched', number>>;

/** Statistics of one court data file (`ctune prep --json` prints these). */
export interface DatasetStatistics {
  readonly file: string;
  readonly rows: number;
  /** Label balance; absent for files without labels. */
  readonly labels?: Readonly<Record<'0' | '1', number>>;
  readonly placeholderFacts: number;
  readonly factLength: {
    readonly characters: NumericSummary;
    readonly words: NumericSummary;
    /** Present when a tokenizer was given. */
    readonly tokens?: NumericSummary;
  };
  /** NER tag distribution per party column; `mixed` counts names with several tags. */
  readonly nerTags: Readonly<Record<'first_party' | 'second_party', Readonly<Record<NerTag | 'mixed' | 'none', number>>>>;
  readonly matching: Readonly<Record<'first_party' | 'second_party', MatchCounts>>;
}
