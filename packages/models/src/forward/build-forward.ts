import type { GraphBuilder } from '@causal-tune/graph';
import { familyOf, type ModelConfig } from '../families/registry.js';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, WeightSource } from './forward-types.js';

/**
 * Builds the decoder's forward pass of the config's family into `g` and returns the final hidden
 * states, the key/value cache and each layer's input. Add `buildLmHead` for logits.
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
  return familyOf(config).buildForward(g, config, weights, inputs, hooks);
}
