import { assert } from '@causal-tune/core';
import { z } from 'zod';
import type { LinearModule } from '../config/weight-spec.js';
import { gemmaFamily } from './gemma/family.js';
import { gpt2Family } from './gpt2/family.js';
import { llamaFamily } from './llama/family.js';
import type { ModelFamily } from './model-family.js';

/**
 * The architecture families causal-tune builds: one explicit list (STYLE.md; transformers.js
 * models/registry.js). A family is its folder (families/<architecture>/) and one line here;
 * docs/contributing/add-a-model-family.md is the checklist.
 */
export const MODEL_FAMILIES = [gpt2Family, llamaFamily, gemmaFamily] as const;

type FamilyConfig<F> = F extends ModelFamily<infer C> ? C : never;

/** The normalised config of any supported model, discriminated by `architecture`. */
export type ModelConfig = FamilyConfig<(typeof MODEL_FAMILIES)[number]>;

/** The name of a family: `ModelConfig['architecture']`. */
export type ModelArchitecture = ModelConfig['architecture'];

/** The families' names, in list order (`ctune model init --arch`). */
export const MODEL_ARCHITECTURES = MODEL_FAMILIES.map((family) => family.architecture) as unknown as readonly [ModelArchitecture, ...ModelArchitecture[]];

/** Any {@link ModelConfig}, each checked by its family's schema. */
export const modelConfigSchema = z.discriminatedUnion(
  'architecture',
  MODEL_FAMILIES.map((family) => family.configSchema) as unknown as [z.ZodObject<{ architecture: z.ZodLiteral<string> }>, ...z.ZodObject<{ architecture: z.ZodLiteral<string> }>[]],
) as unknown as z.ZodType<ModelConfig>;

/** The family of an architecture name, or undefined. */
export function familyNamed(architecture: string): ModelFamily<ModelConfig> | undefined {
  return MODEL_FAMILIES.find((family) => family.architecture === architecture) as ModelFamily<ModelConfig> | undefined;
}

/** The family of a config; every {@link ModelArchitecture} has one. */
export function familyOf(config: ModelConfig): ModelFamily<ModelConfig> {
  const family = familyNamed(config.architecture);
  assert(family !== undefined, () => `No model family is registered for architecture '${config.architecture}'.`);
  return family;
}

/** Every HF `model_type` causal-tune builds. */
export function supportedModelTypes(): string[] {
  return MODEL_FAMILIES.flatMap((family) => [...family.modelTypes]);
}

/** Every tensor a checkpoint of `config` must hold, canonical name -> shape. */
export function expectedWeights(config: ModelConfig): Map<string, number[]> {
  return familyOf(config).expectedWeights(config);
}

/** The linear projections of a model (PEFT targets), with PEFT module paths and sizes. */
export function linearModules(config: ModelConfig): LinearModule[] {
  return familyOf(config).linearModules(config);
}

/** Number of parameters of a model of `config`, counted from its weight map (tied head counted once). */
export function countParameters(config: ModelConfig): number {
  let total = 0;
  for (const shape of expectedWeights(config).values()) total += shape.reduce((product, dimension) => product * dimension, 1);
  return total;
}
