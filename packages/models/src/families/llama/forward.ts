import type { GraphBuilder } from '@causal-tune/graph';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, WeightSource } from '../../forward/forward-types.js';
import { rmsNorm, silu } from '../../forward/linear.js';
import { buildRotaryDecoder } from '../../forward/rotary-decoder.js';
import { rotaryDecoderLayout } from '../shared/rotary-decoder-layout.js';
import { ROTARY_DECODER_EMBEDDING } from '../shared/rotary-decoder-weights.js';
import type { LlamaModelConfig } from './config.js';

/**
 * The LLaMA-family decoder (transformers' LlamaModel, MistralModel, Qwen2Model): RMSNorm x̂·w,
 * RoPE with the config's scaling, grouped-query attention (Mistral's and Qwen2's sliding window
 * where configured), SwiGLU MLP. Returns the final normalised hidden states.
 */
export function buildLlamaForward(g: GraphBuilder, config: LlamaModelConfig, weights: WeightSource, inputs: ForwardInputs, hooks: ForwardHooks): ForwardOutputs {
  return buildRotaryDecoder(
    g,
    {
      ...rotaryDecoderLayout(config),
      slidingWindow: config.slidingWindow === null ? null : { size: config.slidingWindow, fromLayer: config.slidingWindowFromLayer },
      embed: (ids) => weights.rows(ROTARY_DECODER_EMBEDDING, ids),
      norm: (x, weightName) => rmsNorm(g, x, weights.get(weightName), config.rmsNormEps),
      activation: (x) => silu(g, x),
    },
    weights,
    inputs,
    hooks,
  );
}
