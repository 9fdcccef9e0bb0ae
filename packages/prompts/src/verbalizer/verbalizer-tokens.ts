import { assert, noopLogger } from '@causal-tune/core';
import type { Logger, Tokenizer } from '@causal-tune/core';
import { continuationTokenIds } from '../encoding/continuation-tokens.js';
import type { Verbalizer, VerbalizerLabel } from './verbalizer.js';

/**
 * The text answers follow in the Alpaca templates. Pass the rendered inference prompt as the
 * context instead when the template is another one.
 */
export const DEFAULT_ANSWER_CONTEXT = '### Response:\n';

/** The token ids of one label's word, as encoded after the answer context. */
export interface VerbalizerWordTokens {
  readonly label: VerbalizerLabel;
  readonly word: string;
  /** All ids of the word after the context. */
  readonly tokenIds: readonly number[];
  /** The id the model must put most probability on to answer this label: the word's first token. */
  readonly firstTokenId: number;
  /** Each id decoded on its own, for reports (`['y', 'es']`). */
  readonly tokens: readonly string[];
}

/** A problem with a verbalizer under a tokenizer; training still works but scoring gets weaker. */
export type VerbalizerWarning =
  | {
      /** The word spans several tokens; label scores use its first token only. */
      readonly kind: 'multi-token';
      readonly label: VerbalizerLabel;
      readonly word: string;
      readonly tokenIds: readonly number[];
      readonly message: string;
    }
  | {
      /** Two or more labels' words begin with the same token, so first-token scores cannot tell them apart. */
      readonly kind: 'shared-first-token';
      readonly labels: readonly VerbalizerLabel[];
      readonly words: readonly string[];
      readonly tokenId: number;
      readonly message: string;
    };

/** Token ids of every label's word and the warnings they raise. */
export interface VerbalizerTokenReport {
  /** The text the words were encoded after. */
  readonly context: string;
  readonly entries: readonly VerbalizerWordTokens[];
  readonly warnings: readonly VerbalizerWarning[];
}

/**
 * Reports each label word's token ids under `tokenizer`. In a causal LM the answer follows the
 * prompt ("...### Response:\n"), so the token of interest is the first token of the word as it
 * is encoded in that context, not on its own: each word is encoded as context + word and
 * diffed against the context alone ({@link continuationTokenIds}).
 *
 * Warns (in the report, and through `logger.warn`) when a word is several tokens or when two
 * labels share their first token.
 *
 * @param options.context the text the answer follows; default {@link DEFAULT_ANSWER_CONTEXT}.
 *
 * @example
 * const report = verbalizerTokens(YES_NO_VERBALIZER, tokenizer);
 * report.entries.map((entry) => entry.firstTokenId); // the ids to compare at the answer position
 */
export function verbalizerTokens(
  verbalizer: Verbalizer,
  tokenizer: Tokenizer,
  options: { readonly context?: string; readonly logger?: Logger } = {},
): VerbalizerTokenReport {
  const context = options.context ?? DEFAULT_ANSWER_CONTEXT;
  const logger = options.logger ?? noopLogger;
  const entries: VerbalizerWordTokens[] = verbalizer.entries.map(({ label, word }) => {
    const { tokenIds } = continuationTokenIds(tokenizer, context, word);
    const firstTokenId = tokenIds[0];
    assert(firstTokenId !== undefined, () => `The non-empty verbalizer word ${JSON.stringify(word)} encoded to no tokens after the context.`);
    return { label, word, tokenIds, firstTokenId, tokens: tokenIds.map((id) => tokenizer.decode([id])) };
  });

  const warnings: VerbalizerWarning[] = [];
  for (const entry of entries) {
    if (entry.tokenIds.length > 1) {
      warnings.push({
        kind: 'multi-token',
        label: entry.label,
        word: entry.word,
        tokenIds: entry.tokenIds,
        message: `The word ${JSON.stringify(entry.word)} of label ${JSON.stringify(entry.label)} is ${entry.tokenIds.length} tokens (${entry.tokens.map((token) => JSON.stringify(token)).join(' ')}); label scores use its first token ${entry.firstTokenId}. A single-token word makes scoring exact.`,
      });
    }
  }
  const byFirstToken = new Map<number, VerbalizerWordTokens[]>();
  for (const entry of entries) byFirstToken.set(entry.firstTokenId, [...(byFirstToken.get(entry.firstTokenId) ?? []), entry]);
  for (const [tokenId, sharing] of byFirstToken) {
    if (sharing.length < 2) continue;
    warnings.push({
      kind: 'shared-first-token',
      labels: sharing.map((entry) => entry.label),
      words: sharing.map((entry) => entry.word),
      tokenId,
      message: `The words ${sharing.map((entry) => JSON.stringify(entry.word)).join(', ')} of labels ${sharing.map((entry) => JSON.stringify(entry.label)).join(', ')} all begin with token ${tokenId}, so the first answer token cannot tell these labels apart. Pick words that begin differently.`,
    });
  }
  for (const warning of warnings) logger.warn(warning.message, { kind: warning.kind });
  return { context, entries, warnings };
}
