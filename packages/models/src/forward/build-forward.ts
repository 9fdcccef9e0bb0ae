import type { GraphBuilder } from '@causal-tune/graph';
import type { ModelConfig } from '../config/model-config.js';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, WeightSource } from './forward-types.js';
import { buildGpt2Forward } from './gpt2-forward.js';
import { buildLlamaForward } from './llama-forward.js';

/**
 * Builds the decoder's forward pass for any supported architecture into `g` and returns the
 * final hidden states and the key/value cache. Add `buildLmHead` for logits.
 *
 * @example
 * const g = new GraphBuilder({ name: 'stories260K' });
 * const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
 * const attentionMask = g.input('attention_mask', 'int64', ['batch', 'seq']);
 * const positionIds = g.input('position_ids', 'int64', ['batch', 'seq']);
 * const weights = createWeightSource(g, model.weights);
 * const { hidden } = buildForward(g, model.config, weights, { inputIds, attentionMask, positionIds });
 * g.output(buildLmHead(g, model.config, weights, hidden), 'logits');
 */
export function buildForward(g: GraphBuilder, config: ModelConfig, weights: WeightSource, inputs: ForwardInputs, hooks: ForwardHooks = {}): ForwardOutputs {
  return config.architecture === 'gpt2' ? buildGpt2Forward(g, config, weights, inputs, hooks) : buildLlamaForward(g, config, weights, inputs, hooks);
}
