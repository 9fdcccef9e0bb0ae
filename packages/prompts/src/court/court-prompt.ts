import type { PartyMatch, PreparedCourtRecord } from '@causal-tune/data-prep';
import { YES_NO_VERBALIZER } from '../verbalizer/verbalizer.js';
import type { Verbalizer } from '../verbalizer/verbalizer.js';

/** Which party a court prompt asks about. */
export type AskedAbout = 'first_party' | 'second_party' | 'complainant';

/** The name used when neither party was found in the facts. */
export const COMPLAINANT = 'Complainant';

/** Options of {@link buildCourtPrompt}. */
export interface CourtPromptOptions {
  /**
   * Ask with the alias the matcher found in the facts ("Smith", "the FCC") instead of the full
   * party name. Default false (the method asks with the full name).
   */
  readonly useAlias?: boolean;
  /** Answer words; label 1 means the party asked about won. Default {@link YES_NO_VERBALIZER}. */
  readonly verbalizer?: Verbalizer;
}

/** A court prompt's parts, ready for an Alpaca template. */
export interface CourtPrompt {
  /** `Does {party} win?` */
  readonly instruction: string;
  /** The cleaned facts. */
  readonly input: string;
  /** "yes" when the party asked about won, "no" when it lost; absent without a label. */
  readonly answer?: string;
  readonly askedAbout: AskedAbout;
  /** The name in the instruction: full name, alias, or "Complainant". */
  readonly party: string;
}

function found(match: PartyMatch): boolean {
  return match.case !== 'unmatched';
}

/**
 * Builds the method's court prompt. The question is about the first party when the matcher
 * found it in the facts, else about the second party when found, else about "Complainant"
 * (standing for the first party, who brought the case). The answer is "yes" when the party
 * asked about won: first_party_winner 1 for the first party or Complainant, 0 for the second.
 *
 * | asked about  | first_party_winner 1 | first_party_winner 0 | no label |
 * |--------------|----------------------|----------------------|----------|
 * | first_party  | yes                  | no                   | (none)   |
 * | second_party | no                   | yes                  | (none)   |
 * | complainant  | yes                  | no                   | (none)   |
 *
 * @example
 * const prompt = buildCourtPrompt(record);
 * renderPrompt(ALPACA_TEMPLATE, { instruction: prompt.instruction, input: prompt.input }, { withAnswer: prompt.answer });
 */
export function buildCourtPrompt(record: PreparedCourtRecord, options: CourtPromptOptions = {}): CourtPrompt {
  const verbalizer = options.verbalizer ?? YES_NO_VERBALIZER;
  let askedAbout: AskedAbout;
  let party: string;
  if (found(record.firstPartyMatch)) {
    askedAbout = 'first_party';
    party = (options.useAlias ? record.firstPartyMatch.alias : null) ?? record.firstParty;
  } else if (found(record.secondPartyMatch)) {
    askedAbout = 'second_party';
    party = (options.useAlias ? record.secondPartyMatch.alias : null) ?? record.secondParty;
  } else {
    askedAbout = 'complainant';
    party = COMPLAINANT;
  }
  const prompt = { instruction: `Does ${party} win?`, input: record.cleanFacts, askedAbout, party };
  if (record.firstPartyWinner === undefined) return prompt;
  const partyWon = askedAbout === 'second_party' ? record.firstPartyWinner === 0 : record.firstPartyWinner === 1;
  return { ...prompt, answer: verbalizer.wordFor(partyWon ? 1 : 0) };
}

/**
 * The inverse of the answer table: first_party_winner from whether the party asked about won.
 * Inference uses it to turn a "yes"/"no" into a submission label.
 */
export function firstPartyWinnerFromAnswer(askedAbout: AskedAbout, partyWon: boolean): 0 | 1 {
  const firstPartyWon = askedAbout === 'second_party' ? !partyWon : partyWon;
  return firstPartyWon ? 1 : 0;
}
