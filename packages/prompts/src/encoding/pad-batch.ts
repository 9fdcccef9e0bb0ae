import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import type { Tokenizer } from '@causal-tune/core';
import { z } from 'zod';
import { IGNORE_INDEX } from './encode-example.js';
import type { EncodedExample } from './encode-example.js';

/** Zod schema of {@link padBatch}'s options. */
export const padBatchOptionsSchema = z
  .object({
    side: z
      .enum(['left', 'right'])
      .default('right')
      .describe(
        'Where padding goes. Right keeps real tokens at positions 0..n-1 for training; left lines up the last tokens for batched generation (alpaca-lora pads left).',
      ),
    length: z
      .union([z.literal('longest'), z.number().int().positive()])
      .default('longest')
      .describe('Pad to the longest example of the batch, or to a fixed length.'),
    padToMultipleOf: z.number().int().positive().default(1).describe('Round the padded length up to a multiple (alpaca-lora uses 8).'),
    padTokenId: z.number().int().nonnegative().optional().describe('Pad id; default the tokenizer pad id, else its EOS id.'),
  })
  .strict();

/** Options of {@link padBatch} and {@link collateBatch}. */
export type PadBatchOptions = z.input<typeof padBatchOptionsSchema> & {
  /** Where the pad id comes from when `padTokenId` is not given. */
  readonly tokenizer?: Pick<Tokenizer, 'padTokenId' | 'eosTokenId'>;
};

/** A padded batch as rows; every row has `sequenceLength` entries. */
export interface PaddedBatch {
  readonly batchSize: number;
  readonly sequenceLength: number;
  /** `[batch][sequence]` ids, padding = the pad id. */
  readonly inputIds: readonly (readonly number[])[];
  /** `[batch][sequence]` 1 on real tokens, 0 on padding. */
  readonly attentionMask: readonly (readonly number[])[];
  /** `[batch][sequence]` labels, padding = -100 (HF DataCollatorForSeq2Seq's label_pad_token_id). */
  readonly labels: readonly (readonly number[])[];
  /** `[batch]` key tokens per example. */
  readonly keyTokenCounts: readonly number[];
}

/** A padded batch as flat row-major int64 tensors, ready for onnxruntime feeds. */
export interface TensorBatch {
  /** `[batch, sequence]` */
  readonly dims: readonly [number, number];
  /** `[batch, sequence]` int64 ids. */
  readonly inputIds: BigInt64Array;
  /** `[batch, sequence]` int64 mask. */
  readonly attentionMask: BigInt64Array;
  /** `[batch, sequence]` int64 labels, -100 where ignored. */
  readonly labels: BigInt64Array;
  /** `[batch]` key tokens per example. */
  readonly keyTokenCounts: Int32Array;
}

/** Pad id from the tokenizer, else its EOS id (what alpaca-lora and HF do for LLaMA and GPT-2). */
export function resolvePadTokenId(tokenizer: Pick<Tokenizer, 'padTokenId' | 'eosTokenId'>): number {
  const id = tokenizer.padTokenId ?? tokenizer.eosTokenId;
  if (id === null) {
    throw new ToolkitError(
      'CONFIG_INVALID',
      "The tokenizer has neither a pad token nor an EOS token, so batches cannot be padded. Pass the option 'padTokenId'.",
    );
  }
  return id;
}

/**
 * Pads encoded examples to one length: ids with the pad id, the attention mask with 0 and the
 * labels with -100, on the left or the right.
 *
 * @throws ToolkitError `CONFIG_INVALID` for an empty batch, bad options, no pad id, or a fixed
 * `length` shorter than an example (encode with `cutoffLength` at most that length).
 */
export function padBatch(examples: readonly EncodedExample[], options: PadBatchOptions = {}): PaddedBatch {
  const { tokenizer, ...rest } = options;
  const config = parseWithSchema(padBatchOptionsSchema, rest, "Argument 'options' passed to 'padBatch'");
  if (examples.length === 0) {
    throw new ToolkitError('CONFIG_INVALID', "Argument 'examples' passed to 'padBatch' is empty. Pass at least one encoded example.");
  }
  let padTokenId = config.padTokenId;
  if (padTokenId === undefined) {
    if (tokenizer === undefined) {
      throw new ToolkitError('CONFIG_INVALID', "'padBatch' needs option 'padTokenId' or option 'tokenizer' to know the pad id.");
    }
    padTokenId = resolvePadTokenId(tokenizer);
  }
  const longest = Math.max(...examples.map((example) => example.inputIds.length));
  if (config.length !== 'longest' && longest > config.length) {
    const index = examples.findIndex((example) => example.inputIds.length === longest);
    throw new ToolkitError(
      'CONFIG_INVALID',
      `Example ${index} passed to 'padBatch' is ${longest} tokens, longer than the fixed length ${config.length}. Encode with cutoffLength at most ${config.length} or raise the length.`,
      { details: { index, length: longest, fixedLength: config.length } },
    );
  }
  const base = config.length === 'longest' ? longest : config.length;
  const sequenceLength = Math.ceil(base / config.padToMultipleOf) * config.padToMultipleOf;
  const pad = <T>(row: readonly T[], value: T): T[] => {
    const padding = new Array<T>(sequenceLength - row.length).fill(value);
    return config.side === 'left' ? [...padding, ...row] : [...row, ...padding];
  };
  return {
    batchSize: examples.length,
    sequenceLength,
    inputIds: examples.map((example) => pad(example.inputIds, padTokenId)),
    attentionMask: examples.map((example) => pad(example.attentionMask, 0)),
    labels: examples.map((example) => pad(example.labels, IGNORE_INDEX)),
    keyTokenCounts: examples.map((example) => example.keyTokenCount),
  };
}

/** {@link padBatch}, then flattened row-major into int64 tensors with their dims. */
export function collateBatch(examples: readonly EncodedExample[], options: PadBatchOptions = {}): TensorBatch {
  const batch = padBatch(examples, options);
  const flatten = (rows: readonly (readonly number[])[]): BigInt64Array => BigInt64Array.from(rows.flat(), (value) => BigInt(value));
  return {
    dims: [batch.batchSize, batch.sequenceLength],
    inputIds: flatten(batch.inputIds),
    attentionMask: flatten(batch.attentionMask),
    labels: flatten(batch.labels),
    keyTokenCounts: Int32Array.from(batch.keyTokenCounts),
  };
}
