import { ToolkitError, type RunOptions } from '@causal-tune/core';
import type { GraphSession } from '@causal-tune/graph';
import { leftPadBatch } from '../batching/left-pad.js';
import { planLengthBatches } from '../batching/length-batches.js';
import type { SequenceLayout } from '../batching/sequence-layout.js';
import type { RunQueue } from '../runtime/run-queue.js';
import { LABEL_LOG_PROBS } from '../graphs/classification-graph.js';

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
  readonly session: () => Promise<GraphSession>;
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
  const labelCount = context.labelTokenIds.length;
  const labelTokenIds = { dtype: 'int64' as const, dims: [labelCount], data: BigInt64Array.from(context.labelTokenIds, BigInt) };
  const started = performance.now();
  options.onProgress?.({ type: 'task-start', task: CLASSIFY_TASK, total: prompts.length });
  const session = await context.session();
  let completed = 0;
  for (const batch of batches) {
    if (options.signal?.aborted === true) throw new ToolkitError('ABORTED', `Classification was aborted after ${completed} of ${prompts.length} prompts.`, { details: { completed, total: prompts.length }, cause: options.signal.reason });
    const padded = leftPadBatch(
      batch.map((index) => prompts[index]!),
      context.padTokenId,
      context.layout,
    );
    // Left padding puts every row's last prompt token in the last query column.
    const answerPositions = BigInt64Array.from(batch, (_index, row) => BigInt(row * padded.queries + padded.queries - 1));
    const output = await context.queue.run(() =>
      session.run({ ...padded.feeds, answer_positions: { dtype: 'int64', dims: [batch.length], data: answerPositions }, label_token_ids: labelTokenIds }, [LABEL_LOG_PROBS]),
    );
    const logProbs = output[LABEL_LOG_PROBS]!.data as Float32Array;
    batch.forEach((index, row) => {
      results[index] = Array.from(logProbs.subarray(row * labelCount, (row + 1) * labelCount));
    });
    completed += batch.length;
    options.onProgress?.({ type: 'task-progress', task: CLASSIFY_TASK, completed, total: prompts.length });
  }
  options.onProgress?.({ type: 'task-end', task: CLASSIFY_TASK, durationMs: performance.now() - started });
  return results;
}
