import type { NerTag } from '../court/court-record.js';

/** One named entity found in a party name. */
export interface TaggedEntity {
  /** The entity's text as it stands in the name. */
  readonly text: string;
  readonly tag: NerTag;
  /** Character offsets of `text` in the tagged name (`end` exclusive). */
  readonly start: number;
  readonly end: number;
  /** Model confidence in [0, 1] when the tagger has one. */
  readonly score?: number;
}

/**
 * Tags the entities of a party name ("Lorie Davis, Director, Texas Department of Criminal
 * Justice" -> PER "Lorie Davis", ORG "Texas Department of Criminal Justice"). Implementations:
 * {@link createDefaultTagger} (compromise and rules) and {@link createOnnxTagger} (a local
 * token-classification model).
 */
export interface PartyTagger {
  /** A short name for logs and reports, such as `compromise` or the model directory. */
  readonly name: string;
  /** The entities of `name`, in order; empty when none was found. */
  tag(name: string): Promise<TaggedEntity[]>;
}
