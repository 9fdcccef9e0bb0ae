import { createBatchPlan } from './batch-plan.js';

describe('createBatchPlan', () => {
  const lengths = Array.from({ length: 10 }, (_v, index) => 10 + index);

  it('covers every example once per epoch, with a smaller last batch', () => {
    const plan = createBatchPlan(lengths, { batchSize: 4, epochs: 2, seed: 1, groupByLength: false });
    expect(plan.stepsPerEpoch).toBe(3);
    expect(plan.totalSteps).toBe(6);
    const epoch = [0, 1, 2].flatMap((step) => plan.examplesOf(step));
    expect([...epoch].sort((a, b) => a - b)).toEqual(lengths.map((_l, index) => index));
    expect(plan.examplesOf(2)).toHaveLength(2);
    expect([3, 4, 5].flatMap((step) => plan.examplesOf(step))).not.toEqual(epoch);
  });

  it('is a pure function of the step (resumable) and of the seed', () => {
    const a = createBatchPlan(lengths, { batchSize: 3, epochs: 3, seed: 9, groupByLength: false });
    const b = createBatchPlan(lengths, { batchSize: 3, epochs: 3, seed: 9, groupByLength: false });
    expect(a.examplesOf(7)).toEqual(b.examplesOf(7));
    expect(createBatchPlan(lengths, { batchSize: 3, epochs: 3, seed: 10, groupByLength: false }).examplesOf(0)).not.toEqual(a.examplesOf(0));
  });

  it('groups by length within a mega-batch and honours maxSteps', () => {
    const plan = createBatchPlan(lengths, { batchSize: 2, epochs: 1, maxSteps: 3, seed: 4, groupByLength: true });
    expect(plan.totalSteps).toBe(3);
    const order = [0, 1, 2, 3, 4].flatMap((step) => plan.examplesOf(step));
    expect(order.map((index) => lengths[index])).toEqual([...lengths].sort((x, y) => y - x));
  });
});
