import { adamWStep, createAdamWState } from './adamw.js';
import { clipGradNorm } from './clip-grad-norm.js';
import { learningRateAt } from './learning-rate-schedule.js';

describe('adamWStep', () => {
  it('matches the closed form of the first two steps', () => {
    const parameter = Float32Array.of(1, -2);
    const state = createAdamWState(2);
    const options = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1 };
    adamWStep(parameter, Float32Array.of(0.5, -0.25), state, 1, 0.01, options);
    // Step 1: m̂ = g, v̂ = g², so the update is lr·sign(g) (up to ε), after decay p·(1 − lr·λ).
    expect(parameter[0]).toBeCloseTo(1 * (1 - 0.001) - 0.01, 6);
    expect(parameter[1]).toBeCloseTo(-2 * (1 - 0.001) + 0.01, 6);
    adamWStep(parameter, Float32Array.of(0.5, -0.25), state, 2, 0.01, options);
    expect(parameter[0]).toBeCloseTo((1 * 0.999 - 0.01) * 0.999 - 0.01, 5);
  });

  it('minimises a quadratic', () => {
    const parameter = Float32Array.of(3, -4);
    const state = createAdamWState(2);
    for (let step = 1; step <= 500; step += 1) adamWStep(parameter, Float32Array.from(parameter, (p) => 2 * p), state, step, 0.05, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    expect(Math.abs(parameter[0]!)).toBeLessThan(0.05);
    expect(Math.abs(parameter[1]!)).toBeLessThan(0.05);
  });
});

describe('clipGradNorm', () => {
  it('scales to the max norm and reports the norm before clipping', () => {
    const gradients = [Float32Array.of(3), Float32Array.of(4)];
    expect(clipGradNorm(gradients, 1)).toBeCloseTo(5);
    expect(Math.hypot(gradients[0]![0]!, gradients[1]![0]!)).toBeCloseTo(1, 5);
  });

  it('leaves small gradients alone', () => {
    const gradients = [Float32Array.of(0.3, 0.4)];
    clipGradNorm(gradients, 1);
    expect(Array.from(gradients[0]!)).toEqual([Float32Array.of(0.3)[0], Float32Array.of(0.4)[0]]);
  });
});

describe('learningRateAt', () => {
  const base = { warmupSteps: 2, totalSteps: 10, peakLearningRate: 1 };
  it('warms up linearly from zero, then decays', () => {
    expect([0, 1, 2].map((step) => learningRateAt(step, { ...base, type: 'linear' }))).toEqual([0, 0.5, 1]);
    expect(learningRateAt(6, { ...base, type: 'linear' })).toBeCloseTo(0.5);
    expect(learningRateAt(10, { ...base, type: 'linear' })).toBe(0);
    expect(learningRateAt(6, { ...base, type: 'cosine' })).toBeCloseTo(0.5);
    expect(learningRateAt(10, { ...base, type: 'cosine', minLearningRateRatio: 0.1 })).toBeCloseTo(0.1);
    expect(learningRateAt(9, { ...base, type: 'constant' })).toBe(1);
  });
});
