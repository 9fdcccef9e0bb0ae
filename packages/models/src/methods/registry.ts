import { z } from 'zod';
import { fullMethod } from './full/method.js';
import { ia3Method } from './ia3/method.js';
import { loraMethod } from './lora/method.js';
import { prefixTuningMethod } from './prefix-tuning/method.js';
import { promptTuningMethod } from './prompt-tuning/method.js';
import { pTuningMethod } from './p-tuning/method.js';
import type { PeftAdapterMethod, TuningMethod } from './tuning-method.js';

/**
 * The tuning methods causal-tune trains and serves: one explicit list. A method is its folder
 * (methods/<name>/) and one line here; the run config's `method` section, `ctune train --method`
 * and its flags, the TUI's form, the trainer and inference all take the methods from this list.
 * docs/contributing/add-a-method.md is the checklist.
 */
export const TUNING_METHODS = [loraMethod, promptTuningMethod, pTuningMethod, prefixTuningMethod, fullMethod, ia3Method] as const;

type Method = (typeof TUNING_METHODS)[number];

/** A method's name: `method.type` of a run config. */
export type TuningMethodName = Method['name'];

/** The methods' names, in list order. */
export const METHOD_NAMES = TUNING_METHODS.map((method) => method.name) as unknown as readonly [TuningMethodName, ...TuningMethodName[]];

type AdapterConfigOf<M> = M extends { readonly artifact: 'adapter'; readonly adapter?: infer A } ? (NonNullable<A> extends { readonly configSchema: z.ZodType<infer C> } ? C : never) : never;

/** A parsed adapter_config.json of any PEFT method, discriminated by `peft_type`. */
export type AdapterConfig = AdapterConfigOf<Method>;

/** An adapter config before defaults: what a caller writes (`{ peft_type: 'LORA', r: 16 }`). */
export type AdapterConfigInput = { readonly peft_type: AdapterConfig['peft_type'] } & Readonly<Record<string, unknown>>;

/** The PEFT methods' `peft_type`s, in list order. */
export const PEFT_TYPES = TUNING_METHODS.flatMap((method) => (method.adapter === undefined ? [] : [method.adapter.peftType])) as unknown as readonly AdapterConfig['peft_type'][];

/** The method named `name` (a run config's `method.type`), or undefined. */
export function methodNamed(name: string): TuningMethod | undefined {
  return TUNING_METHODS.find((method) => method.name === name) as TuningMethod | undefined;
}

/** The PEFT method of a `peft_type`, or undefined. */
export function adapterMethodOf(peftType: string): PeftAdapterMethod | undefined {
  return TUNING_METHODS.find((method) => method.adapter?.peftType === peftType)?.adapter as PeftAdapterMethod | undefined;
}

type RunSchemaOf<M> = M extends { readonly name: infer N extends string; readonly options: z.ZodObject<infer S> } ? z.ZodObject<S & { type: z.ZodLiteral<N> }> : never;

/**
 * A run config's `method` section: `{ type, ...options }` of one method, with the method's
 * defaults; `type` chooses the method.
 */
export const methodConfigSchema = z.discriminatedUnion(
  'type',
  TUNING_METHODS.map((method) => method.options.extend({ type: z.literal(method.name).describe(`The tuning method: ${METHOD_NAMES.join(', ')}.`) })) as unknown as [RunSchemaOf<Method>, ...RunSchemaOf<Method>[]],
);

/** A run config's `method` section, resolved. */
export type MethodConfig = z.output<typeof methodConfigSchema>;
