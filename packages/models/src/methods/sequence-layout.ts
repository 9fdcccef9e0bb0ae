import type { HostTensor } from '@causal-tune/graph';

/**
 * How a method lays out a sequence (PEFT's conventions): `none` tokens only (LoRA, IA3, full);
 * `prompt` (prompt tuning, p-tuning) virtual tokens are prepended to the embeddings, so they are
 * queries with positions 0..V−1 and take part in the attention mask and the hidden rows;
 * `prefix` (prefix tuning) keys and values are prepended in every layer, so only the attention
 * mask grows and token positions start at V, as transformers counts past keys.
 */
export interface SequenceLayout {
  readonly kind: 'none' | 'prompt' | 'prefix';
  readonly virtualTokens: number;
}

/** The layout of a bare model and of methods that leave the sequence as it is. */
export const PLAIN_LAYOUT: SequenceLayout = Object.freeze({ kind: 'none', virtualTokens: 0 });

/** Virtual tokens the layout adds in front of every sequence (0 for `none`). */
export function virtualTokensOf(layout: SequenceLayout): number {
  return layout.kind === 'none' ? 0 : layout.virtualTokens;
}

/** A batch laid out for the forward graph (see {@link layoutBatch}). */
export interface LaidOutBatch {
  readonly rows: number;
  /** Token columns (the longest sequence). */
  readonly length: number;
  /** Mask columns: virtual + length. */
  readonly keys: number;
  /** Query columns of the hidden states: virtual + length for `prompt`, else length. */
  readonly queries: number;
  /** [rows, length], padding filled with the pad id. */
  readonly inputIds: BigInt64Array;
  /** 0/1 [rows, keys]: virtual keys first, then the tokens (padding 0). */
  readonly mask: Uint8Array;
  /** Query column of each row's first token (virtual tokens and left padding before it). */
  readonly firstTokenQuery: readonly number[];
  /** input_ids, attention_mask and position_ids as the forward graph takes them. */
  readonly feeds: { readonly input_ids: HostTensor; readonly attention_mask: HostTensor; readonly position_ids: HostTensor };
}

/**
 * The one collator of token sequences, shared by training (right padding) and inference (left
 * padding, so that every row's last token is the last query). The attention mask covers every
 * key: virtual keys (prompt and prefix layouts) first, then the tokens, padding 0. Position ids
 * are cumsum(mask) − 1 over the keys, read at the query columns, 0 on padding: a padded row gets
 * the positions it gets alone, virtual tokens of prompt tuning are 0..V−1 and the tokens of
 * prefix tuning start at V.
 */
export function layoutBatch(sequences: readonly (readonly number[])[], layout: SequenceLayout, options: { readonly padTokenId: number; readonly padding: 'left' | 'right' }): LaidOutBatch {
  const rows = sequences.length;
  const length = Math.max(1, ...sequences.map((sequence) => sequence.length));
  const virtual = virtualTokensOf(layout);
  const keys = virtual + length;
  const queries = layout.kind === 'prompt' ? keys : length;
  const inputIds = new BigInt64Array(rows * length).fill(BigInt(options.padTokenId));
  const mask = new Uint8Array(rows * keys);
  const firstTokenQuery: number[] = [];
  sequences.forEach((sequence, row) => {
    const offset = options.padding === 'left' ? length - sequence.length : 0;
    sequence.forEach((id, index) => {
      inputIds[row * length + offset + index] = BigInt(id);
    });
    mask.fill(1, row * keys, row * keys + virtual);
    mask.fill(1, row * keys + virtual + offset, row * keys + virtual + offset + sequence.length);
    firstTokenQuery.push((layout.kind === 'prompt' ? virtual : 0) + offset);
  });
  return {
    rows,
    length,
    keys,
    queries,
    inputIds,
    mask,
    firstTokenQuery,
    feeds: {
      input_ids: { dtype: 'int64', dims: [rows, length], data: inputIds },
      attention_mask: maskTensor(mask, rows, keys),
      position_ids: positionIdsFor(mask, rows, keys, queries),
    },
  };
}

/** The int64 attention mask tensor of a 0/1 mask [rows, keys]. */
export function maskTensor(mask: Uint8Array, rows: number, keys: number): HostTensor {
  return { dtype: 'int64', dims: [rows, keys], data: BigInt64Array.from(mask, (value) => BigInt(value)) };
}

/**
 * Position ids [rows, queries] of the last `queries` key columns: the number of attended keys
 * before each one (cumsum(mask) − 1), 0 on padding.
 */
export function positionIdsFor(mask: Uint8Array, rows: number, keys: number, queries: number): HostTensor {
  const positions = new BigInt64Array(rows * queries);
  for (let row = 0; row < rows; row += 1) {
    let count = 0;
    for (let key = 0; key < keys; key += 1) {
      const attended = mask[row * keys + key] === 1;
      if (attended) count += 1;
      const query = key - (keys - queries);
      if (query >= 0) positions[row * queries + query] = attended ? BigInt(count - 1) : 0n;
    }
  }
  return { dtype: 'int64', dims: [rows, queries], data: positions };
}
