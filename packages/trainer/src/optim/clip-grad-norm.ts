/**
 * Scales gradients in place so that their global L2 norm is at most `maxNorm`, as PyTorch's
 * `clip_grad_norm_`: coefficient = maxNorm / (norm + 1e-6), applied only when below 1.
 * Returns the norm before clipping (logged as `gradNorm`).
 */
export function clipGradNorm(gradients: readonly Float32Array[], maxNorm: number | null): number {
  let sum = 0;
  for (const gradient of gradients) for (let index = 0; index < gradient.length; index += 1) sum += gradient[index]! * gradient[index]!;
  const norm = Math.sqrt(sum);
  if (maxNorm !== null) {
    const coefficient = maxNorm / (norm + 1e-6);
    if (coefficient < 1) for (const gradient of gradients) for (let index = 0; index < gradient.length; index += 1) gradient[index]! *= coefficient;
  }
  return norm;
}
