import type { Value } from '@causal-tune/graph';
import type { FloatTensor } from '../checkpoint/tensor.js';
import type { ForwardHooks } from '../forward/forward-types.js';
import type { AdapterConfig } from '../peft/adapter-config.js';

/**
 * A PEFT adapter to put on a forward graph: its parsed adapter_config.json and either the
 * adapter's tensors by PEFT name (inference: they become initializers, so a loaded
 * {@link Adapter} is a `PeftSpec` as it is) or `'trainable'` (training: the method's trainable
 * tensors become float32 graph inputs, see {@link peftTrainableShapes} for their names).
 */
export interface PeftSpec {
  readonly config: AdapterConfig;
  readonly tensors: ReadonlyMap<string, FloatTensor> | 'trainable';
}

/** How a method lays out a sequence; the trainer's collation follows it. */
export interface PeftSequenceLayout {
  /**
   * `none`: tokens only (LoRA); `prompt`: virtual tokens prepended to the embeddings (prompt
   * tuning, p-tuning: queries, hidden rows, attention mask and labels grow by `virtualTokens`);
   * `prefix`: keys and values prepended in every layer (prefix tuning: only the attention mask
   * grows, and positions start at `virtualTokens`).
   */
  readonly kind: 'none' | 'prompt' | 'prefix';
  readonly virtualTokens: number;
}

/** Options of {@link applyPeft}. */
export interface ApplyPeftOptions {
  /**
   * The forward pass's token ids [batch, seq]; prefix tuning needs them for the batch size of its
   * keys and values (they are broadcast over the batch).
   */
  readonly inputIds?: Value;
  /**
   * Whether LoRA dropout keep-masks become graph inputs (see {@link LoraDropout}). Default: when
   * the spec is `'trainable'` and `lora_dropout > 0`. An inference graph never drops.
   */
  readonly dropout?: boolean;
}

/**
 * LoRA dropout made reproducible and resumable: instead of onnxruntime's Dropout (whose random
 * stream restarts with every session and so cannot resume mid-run), each targeted module gets a
 * bool keep-mask input [batch, seq, in_features] that the caller fills per step from a seeded
 * PRNG ({@link loraDropoutFeeds}: the mask depends on seed, draw and module only). The module's
 * LoRA input is `x · mask · scale`, with the scalar input `scale` = 1/(1 − ratio) in training
 * (PyTorch's inverted dropout) and 1 with all-ones masks to evaluate through the same graph; one
 * mask per module, as PEFT has one `lora_dropout` module per adapted layer.
 */
export interface LoraDropout {
  readonly ratio: number;
  /** Keep-mask graph inputs by module path. */
  readonly masks: ReadonlyMap<string, Value>;
  /** The scalar scale input (`lora_dropout_scale`). */
  readonly scale: Value;
}

/** What {@link applyPeft} adds to a graph. */
export interface ApplyPeftResult {
  /** Pass to `buildForward`. */
  readonly hooks: ForwardHooks;
  /** Trainable graph inputs by name (empty for inference): PEFT tensor or parameter names. */
  readonly trainable: ReadonlyMap<string, Value>;
  readonly layout: PeftSequenceLayout;
  /** Present when LoRA dropout masks are graph inputs. */
  readonly loraDropout?: LoraDropout;
  /**
   * Prompt learning: the virtual tokens' embeddings as the forward pass uses them, [V, hidden]
   * (prompt tuning, p-tuning) or [V, layers·2·kv_hidden] (prefix tuning) — the tensor PEFT saves
   * as `prompt_embeddings`.
   */
  readonly promptEmbeddings?: Value;
}
