import { createSeededRandom, shuffled } from '@causal-tune/core';

/** Options of {@link createBatchPlan}. */
export interface BatchPlanOptions {
  readonly batchSize: number;
  readonly epochs: number;
  readonly maxSteps?: number;
  readonly seed: number;
  /** Sort each shuffled mega-batch by length, as transformers' LengthGroupedSampler does. */
  readonly groupByLength: boolean;
}

/** Which examples each optimizer step uses: a pure function of the step, so resuming needs no sampler state. */
export interface BatchPlan {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Example indices of optimizer step `step` (0-based). */
  examplesOf(step: number): number[];
  /** The (fractional) epoch reached after `step` steps. */
  epochAt(step: number): number;
}

/**
 * Plans the steps of a run over `lengths.length` examples: each epoch is a fresh seeded
 * shuffle (seed + epoch), cut into batches of `batchSize` (the last may be smaller). With
 * `groupByLength`, each run of 50 batches is sorted by length, longest first, so padding shrinks
 * while batches stay random.
 */
export function createBatchPlan(lengths: readonly number[], options: BatchPlanOptions): BatchPlan {
  const count = lengths.length;
  const stepsPerEpoch = Math.ceil(count / options.batchSize);
  const totalSteps = options.maxSteps ?? Math.max(1, Math.ceil(stepsPerEpoch * options.epochs));
  const orders = new Map<number, number[]>();
  const orderOf = (epoch: number): number[] => {
    let order = orders.get(epoch);
    if (!order) {
      order = shuffled(Array.from({ length: count }, (_v, index) => index), createSeededRandom(options.seed, `epoch-${epoch}`));
      if (options.groupByLength) {
        const mega = options.batchSize * 50;
        const grouped: number[] = [];
        for (let start = 0; start < order.length; start += mega) grouped.push(...order.slice(start, start + mega).sort((a, b) => lengths[b]! - lengths[a]!));
        order = grouped;
      }
      orders.clear();
      orders.set(epoch, order);
    }
    return order;
  };
  return {
    stepsPerEpoch,
    totalSteps,
    examplesOf(step) {
      const epoch = Math.floor(step / stepsPerEpoch);
      const start = (step % stepsPerEpoch) * options.batchSize;
      return orderOf(epoch).slice(start, start + options.batchSize);
    },
    epochAt: (step) => step / stepsPerEpoch,
  };
}
