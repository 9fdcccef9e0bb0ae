/** How the next token is picked; every field has a default, see {@link GENERATION_PRESETS}. */
export interface SamplingSettings {
  /** Draw from the distribution (true) or take the most likely token (false, greedy). */
  readonly doSample: boolean;
  /** Divides the logits before sampling; lower is sharper. Ignored when greedy. */
  readonly temperature: number;
  /** Nucleus sampling: keep the fewest most likely tokens whose probabilities sum to at least topP; 1 keeps all. */
  readonly topP: number;
  /** Keep only the topK most likely tokens; 0 keeps all. */
  readonly topK: number;
  /** CTRL's penalty on tokens already in the prompt or the output (>1 discourages repeats); 1 is none. */
  readonly repetitionPenalty: number;
  /** Most tokens to generate. */
  readonly maxNewTokens: number;
}

/** Names of the built-in generation presets. */
export type GenerationPresetName = 'alpaca' | 'greedy';

/**
 * The built-in presets:
 * - `alpaca`: the method's setting, temperature 0.1, top_p 0.75, repetition_penalty 1.1, with
 *   alpaca-lora's top_k 40 and max_new_tokens 128 (tloen/alpaca-lora generate.py `evaluate`
 *   defaults: temperature=0.1, top_p=0.75, top_k=40, num_beams=4, max_new_tokens=128). Note that
 *   generate.py itself sets no repetition_penalty and no do_sample, so transformers runs 4-beam
 *   search there and ignores the sampling knobs; here the preset samples (seeded) with them, which
 *   at temperature 0.1 is close to greedy. Beam search is not implemented.
 * - `greedy`: the most likely token each step, no penalty; deterministic.
 */
export const GENERATION_PRESETS: Readonly<Record<GenerationPresetName, SamplingSettings>> = Object.freeze({
  alpaca: Object.freeze({ doSample: true, temperature: 0.1, topP: 0.75, topK: 40, repetitionPenalty: 1.1, maxNewTokens: 128 }),
  greedy: Object.freeze({ doSample: false, temperature: 1, topP: 1, topK: 0, repetitionPenalty: 1, maxNewTokens: 128 }),
});
