import { ToolkitError, type RunOptions } from '@causal-tune/core';
import type { GraphSession } from '@causal-tune/graph';
import { layoutBatch, type SequenceLayout } from '@causal-tune/models';
import { planLengthBatches } from '../batching/length-batches.js';
import type { RunQueue } from '../runtime/run-queue.js';
import { NEXT_LOGITS } from '../graphs/generation-graph.js';
import { emptyPast, virtualTokensFeed } from '../graphs/model-feeds.js';

/** log Σ exp(scores), stable. */
function logSumExp(scores: Float32Array): number {
  let max = -Infinity;
  for (const value of scores) if (value > max) max = value;
  let sum = 0;
  for (const value of scores) sum += Math.exp(value - max);
  return max + Math.log(sum);
}

/** The progress task name of classification. */
export const CLASSIFY_TASK = 'classify';

/** How prompts are grouped into runs of the classification graph. */
export interface BatchingOptions {
  /** Most prompts per run; default 8. */
  readonly batchSize?: number;
  /** Most padded tokens per run; default 16,384. */
  readonly maxBatchTokens?: number;
}

/** What {@link scorePrompts} needs besides the prompts. */
export interface ScoreContext {
  /** The model graph's session (the one generation uses). */
  readonly session: () => Promise<GraphSession>;
  readonly layers: number;
  readonly keyValueHeads: number;
  readonly headDim: number;
  readonly queue: RunQueue;
  readonly layout: SequenceLayout;
  readonly padTokenId: number;
  /** First token id of each label word, in label order. */
  readonly labelTokenIds: readonly number[];
}

/**
 * log p(label word's first token | prompt) for every prompt, in input order: prompts are sorted
 * by length into left-padded batches (dynamic padding), each batch is one run of the
 * classification graph, and `task-*` progress events count prompts.
 */
export async function scorePrompts(prompts: readonly (readonly number[])[], context: ScoreContext, options: BatchingOptions & RunOptions = {}): Promise<number[][]> {
  const results: number[][] = new Array<number[]>(prompts.length);
  const batches = planLengthBatches(
    prompts.map((ids) => ids.length),
    { batchSize: options.batchSize ?? 8, maxBatchTokens: options.maxBatchTokens ?? 16_384 },
  );
  const started = performance.now();
  options.onProgress?.({ type: 'task-start', task: CLASSIFY_TASK, total: prompts.length });
  const session = await context.session();
  let completed = 0;
  for (const batch of batches) {
    if (options.signal?.aborted === true) throw new ToolkitError('ABORTED', `Classification was aborted after ${completed} of ${prompts.length} prompts.`, { details: { completed, total: prompts.length }, cause: options.signal.reason });
    const padded = layoutBatch(
      batch.map((index) => prompts[index]!),
      context.layout,
      { padTokenId: context.padTokenId, padding: 'left' },
    );
    // Left padding puts every row's last prompt token in the last query column: the model graph's logits.
    const feeds = { ...padded.feeds, ...emptyPast(context, batch.length), ...virtualTokensFeed(context.layout, true) };
    const output = await context.queue.run(() => session.run(feeds, [NEXT_LOGITS]));
    const logits = output[NEXT_LOGITS]!.data as Float32Array;
    const vocab = logits.length / batch.length;
    batch.forEach((index, row) => {
      const scores = logits.subarray(row * vocab, (row + 1) * vocab);
      const logNormalizer = logSumExp(scores);
      results[index] = context.labelTokenIds.map((id) => scores[id]! - logNormalizer);
    });
    completed += batch.length;
    options.onProgress?.({ type: 'task-progress', task: CLASSIFY_TASK, completed, total: prompts.length });
  }
  options.onProgress?.({ type: 'task-end', task: CLASSIFY_TASK, durationMs: performance.now() - started });
  return results;
}
