import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { z } from 'zod';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import type { LinearModule } from '../../config/weight-spec.js';
import type { ModelConfig } from '../../families/registry.js';
import type { LinearSite } from '../../forward/forward-types.js';
import type { InitContext } from '../tuning-method.js';

/** The LoRA update of one module, as a variant's output sees it. */
export interface LoraUpdate {
  readonly module: LinearModule;
  /** The LoRA branch's input: the module input, after dropout when training with it. */
  readonly input: Value;
  /** Whether `input` went through dropout (PEFT then recomputes the base product on it). */
  readonly dropped: boolean;
  /** B·A·input [..., out], not yet scaled. */
  readonly lora: Value;
  /** lora_alpha / r (rsLoRA: / √r) of the module. */
  readonly scaling: number;
  /** The module's A [r, in] and B [out, r]. */
  readonly a: Value;
  readonly b: Value;
  /** A tensor of the adapter by name (the variant's own tensors). */
  readonly tensor: (name: string) => Value;
}

/**
 * A LoRA variant (PEFT's LoraVariant, peft/tuners/lora/variants.py): a flag of LoraConfig that
 * changes how a module's update combines with the base output, with tensors of its own. It lives
 * in its own folder and is listed once in `LORA_VARIANTS` (lora/variants.ts); LoRA's config
 * schema, run options (CLI flag and TUI field), tensors, graph and merge take it from there.
 */
export interface LoraVariant<Flag extends string = string, Option extends string = string> {
  readonly name: string;
  /** adapter_config.json's flag (PEFT's use_dora) and its schema, default off. */
  readonly configFlag: Flag;
  readonly configFlagSchema: z.ZodDefault<z.ZodBoolean>;
  /** The run option that turns it on (`useDora`: `ctune train --method lora --use-dora`), default off. */
  readonly optionName: Option;
  readonly optionSchema: z.ZodDefault<z.ZodBoolean>;
  /** Its tensors of one module besides lora_A and lora_B, saved and trained: name -> shape. */
  tensorShapes(module: LinearModule): Map<string, number[]>;
  /** Their starting values, given A and B's (PEFT computes them from the frozen weight). */
  initialTensors(modules: readonly { readonly module: LinearModule; readonly scaling: number }[], lora: ReadonlyMap<string, FloatTensor>, model: ModelConfig, context: InitContext): Promise<Map<string, FloatTensor>>;
  /** The module's output from the base output and the LoRA update (plain LoRA: base + scaling·lora). */
  output(g: GraphBuilder, site: LinearSite, update: LoraUpdate): Value;
  /** The merged weight [out, in] of one module (merge_and_unload), from the base and the plain delta scaling·B·A. */
  mergedWeight(base: Float32Array, delta: Float32Array, module: LinearModule, tensors: ReadonlyMap<string, FloatTensor>): Float32Array;
}
