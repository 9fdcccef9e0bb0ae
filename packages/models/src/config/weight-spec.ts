/** Checkpoint tensor name -> expected shape, in a stable order (embeddings, layers, head). */
export type WeightShapes = ReadonlyMap<string, readonly number[]>;

/**
 * A linear projection of a model: what PEFT's LoRA can target, and what an adapter's
 * `lora_A` [r, inFeatures] / `lora_B` [outFeatures, r] must fit.
 */
export interface LinearModule {
  /** Module path in the transformers `*ForCausalLM` model, as PEFT names it (`model.layers.0.self_attn.q_proj`). */
  readonly path: string;
  /** The checkpoint tensor holding its weight (canonical name, as in {@link WeightShapes}). */
  readonly weightName: string;
  /** The checkpoint tensor holding its bias, or null when it has none. */
  readonly biasName: string | null;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `linear`: weight [out, in] (nn.Linear); `conv1d`: weight [in, out] (GPT-2's Conv1D; PEFT's fan_in_fan_out). */
  readonly layout: 'linear' | 'conv1d';
  /** Index of the transformer block, or null outside the blocks (the output head). */
  readonly layerIndex: number | null;
  /** The output head (lm_head), which PEFT's `all-linear` leaves out. */
  readonly isOutputLayer: boolean;
}
