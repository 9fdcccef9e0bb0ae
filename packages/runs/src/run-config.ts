import { METHOD_NAMES, WEIGHT_PRECISION_NAMES, methodConfigSchema } from '@causal-tune/models';
import { z } from 'zod';

// The run config: what `ctune train` is given and what a run directory keeps, resolved and
// frozen, as config.json (STYLE.md, Config; nanoGPT's one-comment-per-key block). The trainer
// trains from it; inference, the TUI and the API read the same schema back, so every default is
// written once, here. Defaults follow PEFT and alpaca-lora (tloen/alpaca-lora finetune.py) where
// they have one. The methods' own options come from their descriptors (models' TUNING_METHODS).

const positiveInt = z.number().int().positive();

/** The base model and where it runs. */
export const modelSectionSchema = z.object({
  path: z.string().min(1).describe('Hugging Face model directory: config.json, model.safetensors, tokenizer.json.'),
  device: z.enum(['cpu', 'webgpu', 'cuda']).default('cpu').describe('onnxruntime execution provider.'),
  threads: positiveInt.optional().describe('Threads per op on CPU; default: every core.'),
  dtype: z.enum(WEIGHT_PRECISION_NAMES).optional().describe("Precision of the frozen base weights: fp32, fp16, bf16, q8 (8-bit) or q4 (4-bit, QLoRA-style); default: the checkpoint's own. Trained tensors are always float32."),
  cacheDir: z.string().min(1).optional().describe('Where converted or quantized weights are cached (once per checkpoint and dtype); default ~/.cache/causal-tune/weights.'),
});

/** Where the examples come from and how they are split. */
export const dataSectionSchema = z.object({
  path: z.string().min(1).describe('Court CSV, or Alpaca-style JSON/JSONL (instruction, input, output).'),
  validationPath: z.string().optional().describe('A separate validation file; default: a split of `path`.'),
  validationFraction: z.number().min(0).max(0.9).default(0.1).describe('Share of `path` held out for validation when no validationPath is given.'),
  seed: z.number().int().default(42).describe('Seed of the stratified split.'),
  swapAugmentation: z.boolean().default(false).describe('Add each court training case with its parties swapped and its label flipped.'),
  lenient: z.boolean().default(false).describe('Keep the valid rows of a file with bad rows (reported) instead of failing.'),
  maxRows: positiveInt.optional().describe('Use only the first N rows of `path` (quick runs).'),
});

/** How examples become prompts and token ids. */
export const promptSectionSchema = z.object({
  template: z.string().default('alpaca').describe('Built-in template name (alpaca, alpaca-no-input).'),
  askWith: z.enum(['full-name', 'alias']).default('full-name').describe('Court prompts: ask "Does {party} win?" with the full party name or the alias matched in the facts.'),
  verbalizer: z.record(z.string(), z.string().min(1)).default({ '1': 'yes', '0': 'no' }).describe('Label -> answer word.'),
  cutoffLen: positiveInt.default(256).describe('Longest tokenised example; the facts are cut, never the instruction or the answer (alpaca-lora cutoff_len).'),
  trainOnInputs: z.boolean().default(false).describe('Also train on the prompt tokens (alpaca-lora train_on_inputs); default: the answer only.'),
  addEosToken: z.boolean().default(true).describe('Append EOS after the answer (alpaca-lora add_eos_token).'),
});

/** The tuning method and its options: one of models' TUNING_METHODS (`type`), with its defaults. */
export const methodSchema = methodConfigSchema;

/** The method names a run config takes, in list order. */
export { METHOD_NAMES };

/** The losses a run minimises, one list (the trainer builds each; the CLI and the TUI offer them). */
export const LOSS_TYPES = ['causal-lm', 'key-token-weighted', 'label-word'] as const;

/** One of {@link LOSS_TYPES}. */
export type LossType = (typeof LOSS_TYPES)[number];

/** What is minimised. */
export const lossSectionSchema = z.object({
  type: z.enum(LOSS_TYPES).default('causal-lm').describe('Masked causal-LM loss; the key-token weighted loss; or cross-entropy over the verbalizer words at the answer position.'),
  alpha: z.number().positive().default(1).describe('Key-token weighted loss: each example mean loss is scaled by alpha * (1 + key tokens in it).'),
  keyTokens: z.array(z.union([z.string().min(1), z.number().int().nonnegative()])).default([]).describe('Key tokens as words (tokenised) or ids.'),
  classWeights: z.record(z.string(), z.number().positive()).optional().describe('Label -> weight of its examples (imbalanced data).'),
});

/** AdamW with bias correction and decoupled weight decay. */
export const optimizerSectionSchema = z.object({
  learningRate: z.number().positive().default(3e-4).describe('Peak learning rate (alpaca-lora 3e-4).'),
  weightDecay: z.number().min(0).default(0).describe('Decoupled weight decay (AdamW).'),
  beta1: z.number().min(0).max(1).default(0.9).describe('First-moment decay.'),
  beta2: z.number().min(0).max(1).default(0.999).describe('Second-moment decay.'),
  epsilon: z.number().positive().default(1e-8).describe('Denominator epsilon.'),
  maxGradNorm: z.number().positive().nullable().default(1).describe('Clip gradients to this global L2 norm; null: no clipping.'),
});

/** Learning-rate schedule. */
export const scheduleSectionSchema = z.object({
  type: z.enum(['constant', 'linear', 'cosine']).default('linear').describe('Shape after warm-up (transformers get_scheduler).'),
  warmupSteps: z.number().int().nonnegative().default(0).describe('Linear warm-up from 0 over these steps.'),
  minLearningRateRatio: z.number().min(0).max(1).default(0).describe('Cosine floor as a share of the peak.'),
});

/** The loop. */
export const trainingSectionSchema = z.object({
  epochs: z.number().positive().default(1).describe('Passes over the training split (fractions allowed).'),
  maxSteps: positiveInt.optional().describe('Stop after this many optimizer steps; overrides epochs.'),
  batchSize: positiveInt.default(4).describe('Examples per optimizer step.'),
  microBatchSize: positiveInt.default(4).describe('Examples per forward/backward; batchSize / microBatchSize is the gradient accumulation.'),
  groupByLength: z.boolean().default(false).describe('Batch examples of similar length together (less padding).'),
  seed: z.number().int().default(42).describe('Seed of initialisation, shuffling and dropout.'),
  evalInterval: positiveInt.default(50).describe('Evaluate on the validation split every N steps (and at the end).'),
  evalAtStart: z.boolean().default(false).describe('Also evaluate before the first step (the untuned baseline of the curve).'),
  evalMaxExamples: positiveInt.optional().describe('Evaluate on at most N validation examples.'),
  earlyStoppingPatience: positiveInt.nullable().default(null).describe('Stop after N evaluations without a better validation loss; null: never.'),
  checkpointInterval: positiveInt.default(50).describe('Write a resumable checkpoint every N steps.'),
  gradientCheckpointing: z.boolean().default(false).describe("Recompute each decoder layer's activations in the backward pass instead of keeping them (less memory for long sequences and real batches, about a third more compute)."),
});

/** The run config: config.json of a run directory, and what `train` takes. */
export const runConfigSchema = z.object({
  model: modelSectionSchema,
  data: dataSectionSchema,
  prompt: promptSectionSchema.default(promptSectionSchema.parse({})),
  method: methodSchema.default(() => methodSchema.parse({ type: 'lora' })),
  loss: lossSectionSchema.default(lossSectionSchema.parse({})),
  optimizer: optimizerSectionSchema.default(optimizerSectionSchema.parse({})),
  schedule: scheduleSectionSchema.default(scheduleSectionSchema.parse({})),
  training: trainingSectionSchema.default(trainingSectionSchema.parse({})),
  outputDir: z.string().min(1).describe('The run directory (runs/<name>).'),
});

/** A run config as written by a user (defaults may be omitted). */
export type RunConfigInput = z.input<typeof runConfigSchema>;

/** A resolved run config: every default filled in. */
export type RunConfig = z.output<typeof runConfigSchema>;

/** The prompt settings of a run (the defaults for a bare model). */
export type RunPromptSettings = z.output<typeof promptSectionSchema>;

/** The prompt settings of a bare model directory: the run config's defaults. */
export const DEFAULT_PROMPT_SETTINGS: RunPromptSettings = Object.freeze(promptSectionSchema.parse({}));
