/**
 * The court data set's records (Dacon "court judgment prediction"; see the data README).
 * These types are the contract between data-prep, prompts, the trainer, inference and the apps.
 */

/** One row of train.csv or test.csv after validation. */
export interface CourtRecord {
  /** 1-based data row in the source file (the header is row 0), for error messages. */
  readonly row: number;
  readonly id: string;
  readonly firstParty: string;
  readonly secondParty: string;
  readonly facts: string;
  /** 1 when the first party won, 0 when the second did; absent in test files. */
  readonly firstPartyWinner?: 0 | 1;
}

/** Named-entity tag of a party name (or of one part of it). */
export type NerTag = 'PER' | 'ORG' | 'LOC' | 'MISC';

/**
 * How a party was found in the facts, the three cases of the method:
 * `full_name` the whole name occurs; `single_tag` the name has one NER tag and a PER first/last
 * name or an ORG/LOC/MISC word n-gram occurs; `multi_tag` several tags and an n-gram occurs;
 * `unmatched` nothing was found.
 */
export type MatchCase = 'full_name' | 'single_tag' | 'multi_tag' | 'unmatched';

/** The result of looking for one party in the facts. */
export interface PartyMatch {
  readonly case: MatchCase;
  /** The distinct NER tags of the party name's entities, in order of first appearance. */
  readonly tags: readonly NerTag[];
  /** The matched text exactly as it stands in the facts, or null when unmatched. */
  readonly alias: string | null;
  /** Character offset of `alias` in the cleaned facts, or null when unmatched. */
  readonly offset: number | null;
}

/** A court record after cleaning and party matching. */
export interface PreparedCourtRecord extends CourtRecord {
  /** Facts with HTML removed and whitespace normalised; offsets refer to this text. */
  readonly cleanFacts: string;
  /** True when the facts are a placeholder such as "Not available". */
  readonly placeholderFacts: boolean;
  readonly firstPartyMatch: PartyMatch;
  readonly secondPartyMatch: PartyMatch;
}

/** An Alpaca-style record for any other task (`instruction`, `input`, `output`). */
export interface InstructionRecord {
  readonly row: number;
  readonly instruction: string;
  readonly input: string;
  /** Absent for prediction-only data. */
  readonly output?: string;
}
