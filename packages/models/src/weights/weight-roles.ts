import type { FloatDtype } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import { familyOf } from '../families/registry.js';
import type { WeightPrecision } from './weight-precision.js';

/**
 * What a checkpoint tensor is to the forward graph:
 * `linear` a decoder projection's weight (quantizable); `head` an untied output head's weight;
 * `embedding` a 2-D table read by rows (token and position embeddings, and a tied head);
 * `small` norms and biases, always float32 in memory.
 */
export type WeightRole = 'linear' | 'head' | 'embedding' | 'small';

/** The role of every weight of a config, with the layout of projection weights. */
export function weightRoles(config: ModelConfig): Map<string, { readonly role: WeightRole; readonly layout: 'linear' | 'conv1d' }> {
  const family = familyOf(config);
  const modules = new Map(family.linearModules(config).map((module) => [module.weightName, module]));
  const roles = new Map<string, { role: WeightRole; layout: 'linear' | 'conv1d' }>();
  for (const [name, shape] of family.expectedWeights(config)) {
    const module = modules.get(name);
    const tiedHead = module?.isOutputLayer === true && config.tieWordEmbeddings;
    const role: WeightRole = shape.length < 2 ? 'small' : module === undefined || tiedHead ? 'embedding' : module.isOutputLayer ? 'head' : 'linear';
    roles.set(name, { role, layout: module?.layout ?? 'linear' });
  }
  return roles;
}

/** How one weight is kept at a precision: a float dtype, or a quantization. */
export type FrozenFormat = 'float32' | 'float16' | 'bfloat16' | 'q8' | 'q4';

/** The format of a weight of `role` at `precision`, from a checkpoint stored as `dtype`. */
export function formatOf(role: WeightRole, precision: WeightPrecision, dtype: FloatDtype): FrozenFormat {
  if (role === 'small' || precision === 'fp32') return 'float32';
  if (precision === 'fp16') return 'float16';
  if (precision === 'bf16') return 'bfloat16';
  // Quantized models keep embeddings at 16 bits (bitsandbytes' convention) and the head at 8.
  if (role === 'embedding') return dtype === 'BF16' ? 'bfloat16' : 'float16';
  if (role === 'head') return 'q8';
  return precision;
}

/** The checkpoint dtype of a float format. */
export const DTYPE_OF_FORMAT = { float32: 'F32', float16: 'F16', bfloat16: 'BF16' } as const satisfies Record<'float32' | 'float16' | 'bfloat16', FloatDtype>;
