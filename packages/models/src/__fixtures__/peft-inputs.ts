// Test support: the inputs Python PEFT + transformers build for a padded batch, to compare the
// shared collator (methods/sequence-layout.ts) and the graphs with the PyTorch reference. Not
// part of the package's API.
import { positionIdsFromMask } from '../forward/attention-mask.js';
import type { SequenceLayout as PeftSequenceLayout } from '../methods/sequence-layout.js';

/** A padded batch as plain arrays, [batch][seq]. */
export interface TokenBatch {
  /** 1 for tokens, 0 for padding. */
  readonly attentionMask: readonly (readonly number[])[];
  /** Next-token labels, −100 where ignored. */
  readonly labels?: readonly (readonly number[])[];
  /** Positions the caller would give the base model (e.g. positionIdsFromMask). */
  readonly positionIds?: readonly (readonly number[])[];
}

/** The batch as the forward graph with the adapter takes it. */
export interface ExtendedTokenBatch {
  /** [batch][V + seq]: V ones in front (every prompt-learning method). */
  readonly attentionMask: number[][];
  /** [batch][queries]: queries = V + seq for prompt/p-tuning, seq for prefix tuning and LoRA. */
  readonly positionIds: number[][];
  /** [batch][queries]: −100 for the virtual tokens of prompt/p-tuning; unchanged otherwise. */
  readonly labels?: number[][];
}

/** Options of {@link extendPromptLearningBatch}. */
export interface ExtendBatchOptions {
  /**
   * `peft` (default): exactly what Python PEFT + transformers compute, which ignores padding:
   * prompt tuning and p-tuning drop the caller's position_ids ("Position ids are not supported
   * for parameter efficient tuning"), so transformers numbers the V + seq inputs 0, 1, 2, …
   * in every row; prefix tuning adds V to the caller's position_ids, or without them numbers the
   * tokens V, V+1, … (after the V cached prefix slots). With right padding (training) this
   * equals `padding-invariant`; with left padding a row's positions depend on its padding.
   * `padding-invariant`: positions count attended slots only (cumsum of the extended mask − 1),
   * so a left-padded example gets the logits it gets alone.
   */
  readonly positions?: 'peft' | 'padding-invariant';
}

const range = (start: number, length: number): number[] => Array.from({ length }, (_unused, index) => start + index);

/**
 * Extends a padded batch for a method's sequence layout as PEFT's PeftModelForCausalLM.forward
 * does: the attention mask gets V ones in front (prompt tuning, p-tuning, prefix tuning);
 * prompt tuning and p-tuning also get V labels of −100 (the virtual tokens are never
 * predicted); positions follow `options.positions`. LoRA (`kind: 'none'`) returns the batch
 * unchanged, with mask-derived positions when none are given.
 *
 * @example
 * const extended = extendPromptLearningBatch({ attentionMask: [[0, 1, 1], [1, 1, 1]] }, { kind: 'prefix', virtualTokens: 2 });
 * extended.attentionMask; // [[1, 1, 0, 1, 1], [1, 1, 1, 1, 1]]
 * extended.positionIds;   // [[2, 3, 4], [2, 3, 4]] (PEFT numbers the tokens after the prefix)
 */
export function extendPromptLearningBatch(batch: TokenBatch, layout: PeftSequenceLayout, options: ExtendBatchOptions = {}): ExtendedTokenBatch {
  const positions = options.positions ?? 'peft';
  const virtual = layout.kind === 'none' ? 0 : layout.virtualTokens;
  const attentionMask = batch.attentionMask.map((row) => [...new Array<number>(virtual).fill(1), ...row]);
  const labels = batch.labels?.map((row) => (layout.kind === 'prompt' ? [...new Array<number>(virtual).fill(-100), ...row] : [...row]));
  const given = batch.positionIds?.map((row) => [...row]);
  let positionIds: number[][];
  if (layout.kind === 'none') positionIds = given ?? positionIdsFromMask(batch.attentionMask);
  else if (layout.kind === 'prompt') {
    positionIds = positions === 'peft' ? attentionMask.map((row) => range(0, row.length)) : positionIdsFromMask(attentionMask);
  } else if (positions === 'peft') {
    positionIds = given ? given.map((row) => row.map((position) => position + virtual)) : batch.attentionMask.map((row) => range(virtual, row.length));
  } else positionIds = positionIdsFromMask(batch.attentionMask).map((row) => row.map((position) => position + virtual));
  return { attentionMask, positionIds, ...(labels === undefined ? {} : { labels }) };
}
