import type { RotaryDecoderSpec } from '../../forward/rotary-decoder.js';
import type { RopeScaling } from './rope-config.js';
import { rotaryDecoderLinearModules, type RotaryDecoderShape } from './rotary-decoder-weights.js';

/** What a decoder in LLaMA's layout takes from its config: sizes, rotary embedding, linear modules. */
export type RotaryDecoderLayout = Pick<RotaryDecoderSpec, 'numHiddenLayers' | 'numAttentionHeads' | 'numKeyValueHeads' | 'headDim' | 'rope' | 'modules'>;

/** The sizes, RoPE settings and modules of a LLaMA-layout config (LLaMA, Mistral, Qwen2, Gemma). */
export function rotaryDecoderLayout(config: RotaryDecoderShape & { readonly ropeTheta: number; readonly ropeScaling: RopeScaling | null; readonly maxPositionEmbeddings: number }): RotaryDecoderLayout {
  return {
    numHiddenLayers: config.numHiddenLayers,
    numAttentionHeads: config.numAttentionHeads,
    numKeyValueHeads: config.numKeyValueHeads,
    headDim: config.headDim,
    rope: { headDim: config.headDim, theta: config.ropeTheta, scaling: config.ropeScaling, maxPositionEmbeddings: config.maxPositionEmbeddings },
    modules: new Map(rotaryDecoderLinearModules(config).map((module) => [module.path, module])),
  };
}
