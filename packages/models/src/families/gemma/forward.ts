import type { GraphBuilder } from '@causal-tune/graph';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, WeightSource } from '../../forward/forward-types.js';
import { geluExact, geluTanh, rmsNorm } from '../../forward/linear.js';
import { buildRotaryDecoder } from '../../forward/rotary-decoder.js';
import { rotaryDecoderLayout } from '../shared/rotary-decoder-layout.js';
import { ROTARY_DECODER_EMBEDDING } from '../shared/rotary-decoder-weights.js';
import { gemmaDecoderShape, type GemmaModelConfig } from './config.js';

/**
 * The Gemma decoder (transformers' GemmaModel): LLaMA's layout with token embeddings scaled by
 * √hidden_size (rounded to float32 as transformers' normalizer tensor is), RMSNorm that scales by
 * (1 + w) so that its weights start at zero, a GeGLU MLP (GELU, tanh approximation) and heads
 * whose width head_dim need not be hidden_size / heads.
 */
export function buildGemmaForward(g: GraphBuilder, config: GemmaModelConfig, weights: WeightSource, inputs: ForwardInputs, hooks: ForwardHooks): ForwardOutputs {
  const normalizer = Math.fround(Math.sqrt(config.hiddenSize));
  return buildRotaryDecoder(
    g,
    {
      ...rotaryDecoderLayout(gemmaDecoderShape(config)),
      slidingWindow: null,
      embed: (ids) => g.mul(weights.rows(ROTARY_DECODER_EMBEDDING, ids), normalizer),
      norm: (x, weightName) => rmsNorm(g, x, g.add(weights.get(weightName), 1), config.rmsNormEps),
      activation: (x) => (config.hiddenActivation === 'gelu' ? geluExact(g, x) : geluTanh(g, x)),
    },
    weights,
    inputs,
    hooks,
  );
}
