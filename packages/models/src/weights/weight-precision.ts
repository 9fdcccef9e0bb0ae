import { ToolkitError } from '@causal-tune/core';
import type { FloatDtype } from '../checkpoint/tensor.js';

/**
 * The precisions frozen base weights can be kept in (transformers.js' `dtype` names), with what
 * each stores. The one list: the CLI's `--dtype`, the configs' schemas and the benchmarks derive
 * from it.
 */
export const WEIGHT_PRECISIONS = {
  fp32: { bits: 32, description: 'float32: the reference; 4 bytes a parameter (6 when cast from a 16-bit checkpoint, which stays mapped for the backward pass).' },
  fp16: { bits: 16, description: 'float16: 2 bytes a parameter, read straight from an F16 checkpoint; each product casts its weight to float32 just in time.' },
  bf16: { bits: 16, description: 'bfloat16: as fp16, for BF16 checkpoints (the range of float32, 8 bits of mantissa).' },
  q8: { bits: 8, description: '8-bit integers with one scale per output channel (absmax, symmetric); int8 products (MatMulNBits). Training keeps a transposed copy for exact input gradients.' },
  q4: { bits: 4, description: '4-bit integers in blocks of 32 with one scale each (absmax, symmetric), QLoRA-style; the output head stays at 8 bits, embeddings at 16.' },
} as const;

/** One of {@link WEIGHT_PRECISIONS}: `fp32 | fp16 | bf16 | q8 | q4`. */
export type WeightPrecision = keyof typeof WEIGHT_PRECISIONS;

/** The precision names, in order. */
export const WEIGHT_PRECISION_NAMES = Object.keys(WEIGHT_PRECISIONS) as [WeightPrecision, ...WeightPrecision[]];

/** Weights of 4-bit quantization share a scale per this many consecutive inputs. */
export const Q4_BLOCK_SIZE = 32;

/** MatMulNBits' block for 8-bit weights; their scales are per output channel, repeated per block. */
export const Q8_BLOCK_SIZE = 128;

/** A checkpoint's own precision: the default when the user picks none. */
export function precisionOfDtype(dtype: FloatDtype): WeightPrecision {
  return dtype === 'F32' ? 'fp32' : dtype === 'F16' ? 'fp16' : 'bf16';
}

/** Checks a precision name from outside (configs, flags), naming the choices. */
export function parseWeightPrecision(value: string, where: string): WeightPrecision {
  if (!(value in WEIGHT_PRECISIONS)) {
    throw new ToolkitError('CONFIG_INVALID', `${where} is '${value}', but the weight precisions are ${WEIGHT_PRECISION_NAMES.join(', ')}.`, { details: { value, choices: WEIGHT_PRECISION_NAMES } });
  }
  return value as WeightPrecision;
}
