import type { HostTensor } from '@causal-tune/graph';
import { virtualTokensOf, type SequenceLayout } from './sequence-layout.js';

/** The feeds of a left-padded batch and where each row's last token sits. */
export interface LeftPaddedBatch {
  readonly rows: number;
  /** Token columns (the longest row). */
  readonly length: number;
  /** input_ids [rows, length], attention_mask [rows, keys], position_ids [rows, queries]. */
  readonly feeds: { readonly input_ids: HostTensor; readonly attention_mask: HostTensor; readonly position_ids: HostTensor };
  /** The attention mask as numbers, row-major [rows, keys], for extending during generation. */
  readonly mask: Uint8Array;
  /** Columns of the mask (virtual + length). */
  readonly keys: number;
  /** Query columns of the hidden states (virtual + length for `prompt`, else length). */
  readonly queries: number;
}

/**
 * Left-pads token sequences (alpaca-lora's choice for batched inference): every row ends in the
 * last column, so the answer position and the next-token logits are always the last query. The
 * attention mask covers every key (virtual keys first, then padding as 0, then tokens); position
 * ids are cumsum(mask) − 1 over the keys, read at the query columns, 0 on padding, so a padded
 * row gets the same positions as when it is alone and as the trainer gave it (prefix tuning:
 * tokens start at V; prompt tuning: virtual tokens are 0..V−1).
 */
export function leftPadBatch(sequences: readonly (readonly number[])[], padTokenId: number, layout: SequenceLayout): LeftPaddedBatch {
  const rows = sequences.length;
  const length = Math.max(1, ...sequences.map((sequence) => sequence.length));
  const virtual = virtualTokensOf(layout);
  const keys = virtual + length;
  const queries = layout.kind === 'prompt' ? keys : length;
  const inputIds = new BigInt64Array(rows * length).fill(BigInt(padTokenId));
  const mask = new Uint8Array(rows * keys);
  sequences.forEach((sequence, row) => {
    const offset = length - sequence.length;
    sequence.forEach((id, index) => {
      inputIds[row * length + offset + index] = BigInt(id);
    });
    mask.fill(1, row * keys, row * keys + virtual);
    mask.fill(1, row * keys + virtual + offset, (row + 1) * keys);
  });
  return {
    rows,
    length,
    keys,
    queries,
    mask,
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
