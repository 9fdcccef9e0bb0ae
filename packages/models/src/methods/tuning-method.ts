import type { Tokenizer } from '@causal-tune/core';
import type { GraphBuilder, HostTensor, Value } from '@causal-tune/graph';
import type { z } from 'zod';
import type { FloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import type { ForwardHooks, WeightSource } from '../forward/forward-types.js';
import type { FrozenWeights } from '../weights/frozen-tensor.js';
import type { BaseWeightReader } from './base-weights.js';
import type { SequenceLayout } from './sequence-layout.js';

/** The fields every adapter_config.json has (peft/config.py PeftConfig). */
export interface PeftConfigBase {
  readonly peft_type: string;
  readonly base_model_name_or_path: string | null;
  readonly task_type: 'CAUSAL_LM' | null;
  readonly inference_mode: boolean;
  readonly modules_to_save?: readonly string[] | null;
}

/** The seeded inputs a training graph takes with every step besides the batch (LoRA dropout masks). */
export interface StepInputs {
  feeds(options: { readonly batch: number; readonly seq: number; readonly seed: number; readonly draw: number | string; readonly training: boolean }): Record<string, HostTensor>;
}

/** What a method's graph builder is given. */
export interface MethodGraphContext {
  readonly model: ModelConfig;
  /** A tensor of the method by name: a float32 graph input when training, the adapter's initializer otherwise. */
  readonly tensor: (name: string) => Value;
  readonly training: boolean;
  /** Whether step inputs (LoRA dropout masks) are wanted: training with dropout, unless turned off. */
  readonly dropout: boolean;
  /** The forward pass's token ids [batch, seq]: prefix tuning broadcasts its keys and values over the batch. */
  readonly inputIds?: Value;
}

/** What a method adds to a forward graph. */
export interface MethodGraph {
  /** Pass to `buildForward`. */
  readonly hooks: ForwardHooks;
  readonly stepInputs?: StepInputs;
  /** Prompt learning: the virtual tokens' embeddings as the forward pass uses them (what PEFT saves as `prompt_embeddings`). */
  readonly promptEmbeddings?: Value;
}

/** What the starting values of trainable tensors may read. */
export interface InitContext {
  /** Seed of every random draw (each tensor its own stream). */
  readonly seed: number;
  /** Tokenizes prompt tuning's init text, with special tokens as PEFT's `tokenizer(text)`. */
  readonly tokenizer?: Pick<Tokenizer, 'encode'>;
  /** The base weights in float32, tensor by tensor (prompt tuning's TEXT and SAMPLE_VOCAB read the token embeddings). */
  readonly base?: BaseWeightReader;
  /** The frozen base weights as the forward graph reads them (DoRA's magnitudes are their norms). */
  readonly frozen?: FrozenWeights | ReadonlyMap<string, FloatTensor>;
}

/**
 * A PEFT method's adapter: its adapter_config.json, its tensors (trained and saved) and how it
 * changes the forward graph, with Python PEFT's semantics and file format.
 */
export interface PeftAdapterMethod<Config extends PeftConfigBase = PeftConfigBase, Options = unknown> {
  /** adapter_config.json's `peft_type`. */
  readonly peftType: Config['peft_type'];
  /** adapter_config.json, with PEFT's defaults; loose, so fields of newer PEFT versions survive a round trip. */
  readonly configSchema: z.ZodType<Config>;
  /** The adapter config a run's method options make, filled from the base model as PEFT fills it. */
  fromOptions(options: Options, model: ModelConfig, context: { readonly baseModelName: string }): Record<string, unknown>;
  /**
   * Refuses, before anything is built, what causal-tune cannot compute as PEFT does (a field it
   * cannot honour is `PEFT_UNSUPPORTED` naming the field; sizes that do not fit the model are
   * `ARTIFACT_INCOMPATIBLE`).
   */
  check(config: Config, model: ModelConfig, purpose: 'training' | 'inference'): void;
  /** How the method lays out sequences. */
  layout(config: Config, model: ModelConfig): SequenceLayout;
  /** The trainable tensors, name -> shape, in a stable order (PEFT's parameter names). */
  trainableShapes(config: Config, model: ModelConfig): Map<string, number[]>;
  /** Their starting values, as PEFT initialises them; same seed, same values. */
  initialTensors(config: Config, model: ModelConfig, context: InitContext): Promise<Map<string, FloatTensor>>;
  /** The tensors PEFT saves in adapter_model.safetensors, name -> shape. */
  savedShapes(config: Config, model: ModelConfig): Map<string, number[]>;
  /** Checks saved tensors' names and shapes (against the model when given), naming what is wrong. */
  validateSaved(config: Config, tensors: ReadonlyMap<string, FloatTensor>, options: { readonly model?: ModelConfig; readonly source: string }): void;
  /** The saved tensors of trained values (p-tuning saves its encoder's output, not the encoder). */
  toSaved(config: Config, model: ModelConfig, trainable: ReadonlyMap<string, FloatTensor>): Promise<Map<string, FloatTensor>>;
  /** Puts the method on a forward graph: trainable tensors when training, the saved ones otherwise. */
  buildGraph(g: GraphBuilder, config: Config, context: MethodGraphContext): MethodGraph;
}

/** What {@link TuningMethod.training} is given: the run's base model and settings. */
export interface MethodTrainingContext {
  readonly model: ModelConfig;
  /** The base model directory (a full fine-tune copies its tokenizer files). */
  readonly modelDirectory: string;
  /** adapter_config.json's base_model_name_or_path: the directory's name, never a path of the training machine. */
  readonly baseModelName: string;
  readonly seed: number;
  readonly tokenizer: Pick<Tokenizer, 'encode'>;
  readonly base: BaseWeightReader;
}

/** A method bound to one run: what the trainer's loop needs of it. */
export interface MethodTraining {
  /** adapter_config.json of the run (undefined for full fine-tuning). */
  readonly adapterConfig?: PeftConfigBase;
  readonly layout: SequenceLayout;
  /** Checkpoint weights trained in place as float32 graph inputs (full fine-tuning); the rest stay frozen. */
  readonly trainableWeights?: ReadonlySet<string>;
  /** The trainable tensors' starting values by graph input name; `frozen` are the base weights as the graph reads them (DoRA's magnitudes need them). */
  initialTensors(frozen?: FrozenWeights | ReadonlyMap<string, FloatTensor>): Promise<Map<string, FloatTensor>>;
  /** Creates the trainable inputs and hooks in the training graph. */
  parameterize(g: GraphBuilder, weights: WeightSource, inputIds: Value): { readonly trainable: ReadonlyMap<string, Value>; readonly hooks: ForwardHooks; readonly stepInputs?: StepInputs };
  /** Writes the trained result: a PEFT adapter directory, or a whole model directory. */
  save(directory: string, trainable: ReadonlyMap<string, FloatTensor>): Promise<void>;
}

/**
 * A tuning method, in its own folder (`methods/<name>/`) and listed once in `methods/registry.ts`:
 * its options in a run config, its PEFT adapter format and graph, and how a run trains it. The
 * trainer, inference, the CLI's flags, the TUI's form and the run schema take the list from
 * there. docs/contributing/add-a-method.md is the checklist.
 */
export interface TuningMethod<Options = Record<string, unknown>, Config extends PeftConfigBase = PeftConfigBase> {
  /** `method.type` of a run config and `ctune train --method`. */
  readonly name: string;
  /** One line for help texts and the TUI. */
  readonly summary: string;
  /**
   * The method's options in a run config's `method` section (besides `type`): camelCase, with a
   * default and a description each; `.meta({ title, flag })` names the TUI field and the CLI flag.
   */
  readonly options: z.ZodObject<z.ZodRawShape>;
  /** What a run saves: a PEFT adapter (`adapter/`) or a whole model (`model/`, full fine-tuning). */
  readonly artifact: 'adapter' | 'model';
  /** The adapter, for PEFT methods. */
  readonly adapter?: PeftAdapterMethod<Config, Options>;
  /** Virtual tokens the options put in front of every sequence (they share the model's context). */
  virtualTokens(options: Options): number;
  /**
   * How a run trains a method that has no adapter (full fine-tuning). A PEFT method leaves it
   * out: every adapter trains the same way (methods/method-training.ts).
   */
  training?(options: Options, context: MethodTrainingContext): MethodTraining;
}
