import type { Tokenizer } from '@causal-tune/core';
import type { ModelConfig, WeightPrecision } from '@causal-tune/models';
import type { Verbalizer } from '@causal-tune/prompts';
import type { SequenceLayout } from '@causal-tune/models';
import type { ClassifyInput } from '../classify/encode-prompts.js';
import type { ClassifyOptions, ClassifyResult } from '../classify/classify.js';
import type { GenerateInput } from '../generate/generation-input.js';
import type { GeneratedToken, GenerateOptions, Generation } from '../generate/generate.js';

/** The adapter a predictor runs with. */
export interface PredictorAdapter {
  readonly directory: string;
  /** PEFT's peft_type: LORA, PROMPT_TUNING, P_TUNING, PREFIX_TUNING. */
  readonly peftType: string;
  /** base_model_name_or_path of adapter_config.json. */
  readonly baseModel: string | null;
}

/**
 * A loaded model (base + adapter) that classifies and generates. Its onnxruntime sessions are
 * built on first use and reused; every `session.run` goes through one queue, so a predictor is
 * safe to call concurrently from many requests (calls interleave run by run, in arrival order,
 * and never run two graph executions at once: onnxruntime already uses every core for one).
 * Call `release` when done.
 */
export interface Predictor {
  readonly modelDir: string;
  readonly adapter: PredictorAdapter | null;
  /** The run directory when loaded from one. */
  readonly runDir: string | null;
  /** The run's method (`lora`, `prompt-tuning`, ...); null for a model directory. */
  readonly method: string | null;
  readonly config: ModelConfig;
  /** The precision the frozen base weights run in (fp32, fp16, bf16, q8, q4). */
  readonly precision: WeightPrecision;
  readonly tokenizer: Tokenizer;
  /** The run's verbalizer (default 1 → "yes", 0 → "no"). */
  readonly verbalizer: Verbalizer;
  readonly layout: SequenceLayout;
  /**
   * Label-word classification of records (court or Alpaca-style) or rendered prompts; results in
   * input order. See {@link ClassifyOptions} for calibration, threshold and swapped pairs.
   */
  classify(inputs: readonly ClassifyInput[], options?: ClassifyOptions): Promise<ClassifyResult>;
  /** Generates a continuation (with the key/value cache) for one input, or for each of a list. */
  generate(input: GenerateInput, options?: GenerateOptions): Promise<Generation>;
  generate(inputs: readonly GenerateInput[], options?: GenerateOptions): Promise<Generation[]>;
  /** Streams one input's new tokens; the iterator returns the finished {@link Generation}. */
  stream(input: GenerateInput, options?: GenerateOptions): AsyncGenerator<GeneratedToken, Generation, undefined>;
  /** Frees the onnxruntime sessions; the predictor rebuilds them if used again. */
  release(): Promise<void>;
}
