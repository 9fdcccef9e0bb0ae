import { ToolkitError } from '@causal-tune/core';
import type { GraphSession, HostTensor } from '@causal-tune/graph';
import type { FloatTensor } from '@causal-tune/models';
import type { SequenceLayout } from '@causal-tune/models';
import { collateBatch } from '../data/collate.js';
import { predictedTokenCount, type LossWeighting } from '../data/loss-targets.js';
import type { TrainingExample } from '../data/training-example.js';

/** The outcome of the forward/backward passes of one optimizer step. */
export interface StepGradients {
  /** The step's loss: the sum of its micro-batches' weighted losses. */
  readonly loss: number;
  /** Gradients summed over the micro-batches, by trainable name. */
  readonly gradients: Map<string, Float32Array>;
  /** Real tokens processed (forward and backward), for tokens/s. */
  readonly tokens: number;
}

/** Options of {@link computeStepGradients}. */
export interface StepOptions {
  readonly layout: SequenceLayout;
  readonly padTokenId: number;
  readonly weighting: LossWeighting;
  readonly microBatchSize: number;
  readonly step: number;
  /** The method's extra inputs (LoRA dropout masks) for a micro-batch. */
  readonly extraFeeds: (options: { readonly batch: number; readonly seq: number; readonly draw: string; readonly training: boolean }) => Record<string, HostTensor>;
}

/**
 * Runs forward and backward over the micro-batches of one optimizer step and sums their
 * gradients. The loss weights are normalised over the whole step (see buildLossTargets), so the
 * sum equals one big batch's loss: gradient accumulation changes memory, not the result.
 * A NaN or infinite loss stops with TRAIN_NAN_LOSS naming the step and the examples.
 */
export async function computeStepGradients(session: GraphSession, examples: readonly TrainingExample[], trainable: ReadonlyMap<string, FloatTensor>, options: StepOptions): Promise<StepGradients> {
  const totals = { totalExamples: examples.length, totalTokens: examples.reduce((sum, example) => sum + predictedTokenCount(example), 0) };
  const trainableFeeds: Record<string, HostTensor> = {};
  for (const [name, tensor] of trainable) trainableFeeds[name] = { dtype: 'float32', dims: tensor.shape, data: tensor.data };
  const gradients = new Map<string, Float32Array>();
  let loss = 0;
  let tokens = 0;
  for (let start = 0; start < examples.length; start += options.microBatchSize) {
    const batch = examples.slice(start, start + options.microBatchSize);
    const collated = collateBatch(batch, options.layout, options.padTokenId, options.weighting, totals);
    tokens += collated.tokenCount;
    const extra = options.extraFeeds({ batch: collated.rows, seq: collated.feeds.position_ids!.dims[1]!, draw: `${options.step}.${start / options.microBatchSize}`, training: true });
    const result = await session.run({ ...collated.feeds, ...extra, ...trainableFeeds });
    const batchLoss = (result.loss!.data as Float32Array)[0]!;
    if (!Number.isFinite(batchLoss)) {
      throw new ToolkitError('TRAIN_NAN_LOSS', `The loss became ${batchLoss} at step ${options.step + 1}, in the micro-batch of examples ${batch.map((example) => example.id).join(', ')}. The last good checkpoint is kept; lower the learning rate or check these examples.`, {
        details: { step: options.step + 1, examples: batch.map((example) => example.id), loss: String(batchLoss) },
      });
    }
    loss += batchLoss;
    for (const name of trainable.keys()) {
      const grad = result[`grad/${name}`]!.data as Float32Array;
      const sum = gradients.get(name);
      if (!sum) gradients.set(name, Float32Array.from(grad));
      else for (let index = 0; index < sum.length; index += 1) sum[index]! += grad[index]!;
    }
  }
  return { loss, gradients, tokens };
}
