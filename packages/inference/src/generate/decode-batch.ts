import { ToolkitError, createSeededRandom, type SeededRandom } from '@causal-tune/core';
import type { Feed, GraphSession, HostTensor } from '@causal-tune/graph';
import { layoutBatch, maskTensor, positionIdsFor, virtualTokensOf, type SequenceLayout } from '@causal-tune/models';
import { NEXT_LOGITS, pastNames, presentNames } from '../graphs/generation-graph.js';
import { emptyPast, virtualTokensFeed } from '../graphs/model-feeds.js';
import type { RunQueue } from '../runtime/run-queue.js';
import type { SamplingSettings } from './generation-presets.js';
import { pickNextToken } from './next-token.js';

/** Why a sequence stopped. */
export type FinishReason = 'eos' | 'stop' | 'length' | 'context';

/** What the decode loop needs. */
export interface DecodeContext {
  /** The model graph's session (classification uses the same one). */
  readonly session: () => Promise<GraphSession>;
  readonly queue: RunQueue;
  readonly layout: SequenceLayout;
  readonly layers: number;
  readonly keyValueHeads: number;
  readonly headDim: number;
  readonly padTokenId: number;
  /** Most positions the model has (max_position_embeddings). */
  readonly contextLength: number;
}

/** One row of a decode batch. */
export interface DecodeRow {
  /** The caller's index (seeds the row's random stream, so batching does not change samples). */
  readonly index: number;
  readonly ids: readonly number[];
}

/** Per-step settings of a decode batch. */
export interface DecodeSettings extends SamplingSettings {
  readonly seed: number;
  readonly stopTokenIds: ReadonlySet<number>;
  readonly eosTokenIds: ReadonlySet<number>;
  readonly useCache: boolean;
  readonly signal?: AbortSignal;
  /** Called after each new token of a row that is still running. */
  readonly onToken?: (row: number, tokenId: number, logProb: number, step: number) => void;
}

/** The tokens a row generated. */
export interface DecodedRow {
  readonly tokenIds: number[];
  readonly logProbs: number[];
  finishReason: FinishReason;
}

type OrtFeed = Exclude<Feed, HostTensor>;

/**
 * Generates for a left-padded batch, one graph run per new token. With the cache, the first step
 * runs the whole prompt with an empty past and later steps feed only the new token with the
 * returned keys and values (transformers' past_key_values); without it, every step reruns the
 * whole sequence. Each row samples from its own seeded stream and stops at EOS, a stop token,
 * `maxNewTokens`, or the model's context; finished rows keep stepping with padding until all stop.
 */
export async function decodeBatch(rows: readonly DecodeRow[], context: DecodeContext, settings: DecodeSettings): Promise<DecodedRow[]> {
  const { layout, queue } = context;
  const virtual = virtualTokensOf(layout);
  const padded = layoutBatch(
    rows.map((row) => row.ids),
    layout,
    { padTokenId: context.padTokenId, padding: 'left' },
  );
  const batch = padded.rows;
  const longestPrompt = padded.length;
  const room = context.contextLength - virtual - longestPrompt;
  if (room <= 0) {
    throw new ToolkitError('INFER_SEQUENCE_TOO_LONG', `A prompt of ${longestPrompt} tokens${virtual > 0 ? ` plus ${virtual} virtual tokens` : ''} leaves no room to generate in the model's context of ${context.contextLength}. Shorten the prompt.`, {
      details: { promptTokens: longestPrompt, virtualTokens: virtual, contextLength: context.contextLength },
    });
  }
  const maxSteps = Math.min(settings.maxNewTokens, room);
  const randoms: (SeededRandom | undefined)[] = rows.map((row) => (settings.doSample ? createSeededRandom(settings.seed, `generate/${row.index}`) : undefined));
  const results: DecodedRow[] = rows.map(() => ({ tokenIds: [], logProbs: [], finishReason: 'length' }));
  const running = rows.map(() => true);
  // Every row's tokens so far (prompt + generated), for the repetition penalty and uncached steps.
  const sequences = rows.map((row) => [...row.ids]);

  let mask = padded.mask;
  let keys = padded.keys;
  let past: Record<string, Feed> = emptyPast(context, batch);
  const session = await context.session();

  for (let step = 0; step < maxSteps && running.some(Boolean); step += 1) {
    if (settings.signal?.aborted === true) throw new ToolkitError('ABORTED', `Generation was aborted after ${step} tokens.`, { details: { step }, cause: settings.signal.reason });
    let feeds: Record<string, Feed>;
    if (step === 0 || !settings.useCache) {
      const ids = step === 0 ? padded.feeds.input_ids : layoutBatch(sequences, layout, { padTokenId: context.padTokenId, padding: 'left' }).feeds.input_ids;
      const queries = layout.kind === 'prompt' ? keys : keys - virtual;
      feeds = { input_ids: ids, attention_mask: maskTensor(mask, batch, keys), position_ids: positionIdsFor(mask, batch, keys, queries), ...emptyPast(context, batch), ...virtualTokensFeed(layout, true) };
    } else {
      // Cached steps feed the new token only; the cache already holds the virtual tokens.
      const last = BigInt64Array.from(sequences, (sequence) => BigInt(sequence[sequence.length - 1]!));
      feeds = { input_ids: { dtype: 'int64', dims: [batch, 1], data: last }, attention_mask: maskTensor(mask, batch, keys), position_ids: positionIdsFor(mask, batch, keys, 1), ...past, ...virtualTokensFeed(layout, false) };
    }
    const output = await queue.run(() => session.runRaw(feeds));
    const logits = output[NEXT_LOGITS]!.data as Float32Array;
    const vocab = logits.length / batch;
    if (settings.useCache) past = presentAsPast(context, output as Record<string, OrtFeed>);

    for (let row = 0; row < batch; row += 1) {
      if (!running[row]) {
        sequences[row]!.push(context.padTokenId);
        continue;
      }
      const picked = pickNextToken(logits.subarray(row * vocab, (row + 1) * vocab), settings, sequences[row]!, randoms[row]);
      sequences[row]!.push(picked.tokenId);
      const result = results[row]!;
      result.tokenIds.push(picked.tokenId);
      result.logProbs.push(picked.logProb);
      settings.onToken?.(row, picked.tokenId, picked.logProb, step);
      if (settings.eosTokenIds.has(picked.tokenId)) result.finishReason = 'eos';
      else if (settings.stopTokenIds.has(picked.tokenId)) result.finishReason = 'stop';
      else if (step + 1 === maxSteps && maxSteps < settings.maxNewTokens) result.finishReason = 'context';
      if (result.finishReason !== 'length' || step + 1 === maxSteps) running[row] = false;
    }
    // The new token of every row is attended from now on (finished rows' padding is never read).
    const extended = new Uint8Array(batch * (keys + 1));
    for (let row = 0; row < batch; row += 1) {
      extended.set(mask.subarray(row * keys, (row + 1) * keys), row * (keys + 1));
      extended[row * (keys + 1) + keys] = 1;
    }
    mask = extended;
    keys += 1;
  }
  return results;
}

function presentAsPast(context: DecodeContext, output: Record<string, OrtFeed>): Record<string, Feed> {
  const feeds: Record<string, Feed> = {};
  for (let layer = 0; layer < context.layers; layer += 1) {
    const past = pastNames(layer);
    const present = presentNames(layer);
    feeds[past.key] = output[present.key]!;
    feeds[past.value] = output[present.value]!;
  }
  return feeds;
}
