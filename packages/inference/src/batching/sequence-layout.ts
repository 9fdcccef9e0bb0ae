/**
 * How an adapter lays out a sequence, as the trainer collates it (models' PeftSequenceLayout):
 * `none` tokens only; `prompt` (prompt tuning, p-tuning) virtual tokens are prepended to the
 * embeddings, so they are queries with positions 0..V−1; `prefix` (prefix tuning) keys and values
 * are prepended in every layer, so only the attention mask grows and token positions start at V.
 */
export interface SequenceLayout {
  readonly kind: 'none' | 'prompt' | 'prefix';
  readonly virtualTokens: number;
}

/** The layout of a bare model or a merged LoRA. */
export const PLAIN_LAYOUT: SequenceLayout = Object.freeze({ kind: 'none', virtualTokens: 0 });

/** Virtual tokens the layout adds in front of every sequence (0 for `none`). */
export function virtualTokensOf(layout: SequenceLayout): number {
  return layout.kind === 'none' ? 0 : layout.virtualTokens;
}
