import { z } from 'zod';
import type { UnsupportedField } from '../../config/hf-config-fields.js';

// RoPE scaling as transformers reads it (modeling_rope_utils.py ROPE_INIT_FUNCTIONS and their
// validators): `rope_scaling` (or transformers 5's `rope_parameters`) with `rope_type` (older
// files: `type`). causal-tune computes linear, dynamic and llama3 exactly as transformers does
// (forward/rotary-embedding.ts); yarn, longrope and the rest change the attention scale or need
// per-dimension factors, so they are refused by name instead of being read as plain RoPE.

/** A RoPE scaling causal-tune computes, normalised. */
export const ropeScalingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('linear'), factor: z.number().positive().describe('Positions are divided by it (inv_freq / factor).') }),
  z.object({ type: z.literal('dynamic'), factor: z.number().positive().describe('Dynamic NTK: the base grows with the sequence beyond max_position_embeddings.') }),
  z.object({
    type: z.literal('llama3'),
    factor: z.number().positive().describe('Low frequencies are divided by it.'),
    lowFreqFactor: z.number().positive().describe('low_freq_factor: wavelengths above original / low_freq_factor are scaled.'),
    highFreqFactor: z.number().positive().describe('high_freq_factor: wavelengths below original / high_freq_factor are kept.'),
    originalMaxPositionEmbeddings: z.number().int().positive().describe('The pre-training context (original_max_position_embeddings).'),
  }),
]);

/** One of {@link ropeScalingSchema}. */
export type RopeScaling = z.output<typeof ropeScalingSchema>;

const KEYS = {
  linear: { factor: 'factor' },
  dynamic: { factor: 'factor' },
  llama3: { factor: 'factor', low_freq_factor: 'lowFreqFactor', high_freq_factor: 'highFreqFactor', original_max_position_embeddings: 'originalMaxPositionEmbeddings' },
} as const;

/** What {@link ropeScalingFromHf} found: the scaling (null for plain RoPE) and the fields it refuses. */
export interface RopeScalingReading {
  readonly scaling: RopeScaling | null;
  readonly problems: UnsupportedField[];
}

/**
 * Reads `rope_scaling` (or, when absent, transformers 5's `rope_parameters` without its
 * `rope_theta`): each type's fields are required, any other field is refused, and so is a type
 * causal-tune does not compute. `field` names the config.json key for messages.
 */
export function ropeScalingFromHf(raw: Readonly<Record<string, unknown>> | null | undefined, context: { readonly field: string; readonly maxPositionEmbeddings: number }): RopeScalingReading {
  if (raw == null) return { scaling: null, problems: [] };
  const { field } = context;
  const typeKey = 'rope_type' in raw ? 'rope_type' : 'type';
  const type = raw[typeKey] ?? 'default';
  const problems: UnsupportedField[] = [];
  const rest = Object.entries(raw).filter(([key]) => key !== typeKey && key !== 'rope_theta' && !(key === 'type' && typeKey === 'rope_type'));
  if (type === 'default') {
    for (const [key] of rest) problems.push({ field: `${field}.${key}`, reason: 'plain RoPE takes no parameters' });
    return { scaling: null, problems };
  }
  if (type !== 'linear' && type !== 'dynamic' && type !== 'llama3') {
    return { scaling: null, problems: [{ field: `${field}.${typeKey}`, reason: `RoPE scaling '${String(type)}' is not built; causal-tune computes linear, dynamic and llama3` }] };
  }
  const keys: Readonly<Record<string, string>> = KEYS[type];
  const values: Record<string, unknown> = { type };
  for (const [key, value] of rest) {
    if (type === 'dynamic' && key === 'original_max_position_embeddings') {
      // transformers' dynamic NTK grows from max_position_embeddings; another value is ambiguous.
      if (value !== context.maxPositionEmbeddings) problems.push({ field: `${field}.${key}`, reason: `dynamic scaling grows from max_position_embeddings (${context.maxPositionEmbeddings}), not ${JSON.stringify(value)}` });
      continue;
    }
    const name = keys[key];
    if (name === undefined) problems.push({ field: `${field}.${key}`, reason: `not a field of '${type}' RoPE scaling` });
    else values[name] = value;
  }
  for (const [key, name] of Object.entries(keys)) if (values[name] === undefined) problems.push({ field: `${field}.${key}`, reason: `'${type}' RoPE scaling needs it` });
  if (problems.length > 0) return { scaling: null, problems };
  const parsed = ropeScalingSchema.safeParse(values);
  if (!parsed.success) return { scaling: null, problems: parsed.error.issues.map((issue) => ({ field: `${field}.${String(issue.path[0] ?? typeKey)}`, reason: issue.message })) };
  return { scaling: parsed.data, problems: [] };
}

/** The `rope_scaling` object of config.json for a scaling (null for plain RoPE). */
export function ropeScalingToHf(scaling: RopeScaling | null): Record<string, unknown> | null {
  if (scaling === null) return null;
  const hf: Record<string, unknown> = { rope_type: scaling.type };
  for (const [key, name] of Object.entries(KEYS[scaling.type])) hf[key] = (scaling as Record<string, unknown>)[name];
  return hf;
}

/** config.json's RoPE fields, in both of transformers' forms. */
export const ropeHfConfigShape = {
  rope_theta: z.number().positive().optional().describe('RoPE base; default 10000.'),
  rope_scaling: z.record(z.string(), z.unknown()).nullish().describe('RoPE scaling: linear, dynamic or llama3 (others are refused).'),
  rope_parameters: z.record(z.string(), z.unknown()).nullish().describe('transformers 5 form of rope_theta and rope_scaling.'),
};

/** rope_theta and rope_scaling of either form (transformers 5 moved both into rope_parameters), with the fields that cannot be honoured. */
export function ropeFromHf(
  raw: { readonly rope_theta?: number | undefined; readonly rope_scaling?: Readonly<Record<string, unknown>> | null | undefined; readonly rope_parameters?: Readonly<Record<string, unknown>> | null | undefined },
  maxPositionEmbeddings: number,
): { readonly theta: number; readonly scaling: RopeScaling | null; readonly problems: UnsupportedField[] } {
  const parameters = raw.rope_parameters ?? undefined;
  const theta = raw.rope_theta ?? (typeof parameters?.rope_theta === 'number' ? parameters.rope_theta : 10000);
  const field = raw.rope_scaling != null || parameters == null ? 'rope_scaling' : 'rope_parameters';
  const { scaling, problems } = ropeScalingFromHf(raw.rope_scaling ?? parameters, { field, maxPositionEmbeddings });
  return { theta, scaling, problems };
}
