/** AdamW hyper-parameters (PyTorch `torch.optim.AdamW`). */
export interface AdamWOptions {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

/** First and second moments of one parameter. */
export interface AdamWState {
  readonly m: Float32Array;
  readonly v: Float32Array;
}

/** Fresh zero moments for parameters of these sizes. */
export function createAdamWState(size: number): AdamWState {
  return { m: new Float32Array(size), v: new Float32Array(size) };
}

/**
 * One AdamW update in place, as PyTorch computes it (Loshchilov & Hutter 2019):
 *   1. p ← p · (1 − lr·λ)                       decoupled weight decay
 *   2. m ← β₁·m + (1 − β₁)·g ;  v ← β₂·v + (1 − β₂)·g²
 *   3. p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * `step` counts from 1. The update runs in JavaScript rather than in the graph: trainable
 * tensors are small for PEFT methods, and for full fine-tuning the graph would have to return
 * the same bytes (new parameters and moments) that JavaScript reads here anyway.
 */
export function adamWStep(parameter: Float32Array, gradient: Float32Array, state: AdamWState, step: number, learningRate: number, options: AdamWOptions): void {
  const { beta1, beta2, epsilon, weightDecay } = options;
  const decay = 1 - learningRate * weightDecay;
  const stepSize = learningRate / (1 - beta1 ** step);
  const secondCorrection = Math.sqrt(1 - beta2 ** step);
  const { m, v } = state;
  for (let index = 0; index < parameter.length; index += 1) {
    const g = gradient[index]!;
    const mi = beta1 * m[index]! + (1 - beta1) * g;
    const vi = beta2 * v[index]! + (1 - beta2) * g * g;
    m[index] = mi;
    v[index] = vi;
    parameter[index] = parameter[index]! * decay - (stepSize * m[index]!) / (Math.sqrt(v[index]!) / secondCorrection + epsilon);
  }
}
