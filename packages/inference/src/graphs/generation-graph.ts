import { GraphBuilder, type Value } from '@causal-tune/graph';
import { buildForward, buildLmHead, createWeightSource, type KeyValue } from '@causal-tune/models';
import { adapterHooks, tokenInputs, type InferenceModel } from './inference-model.js';

/** Output of the model graph: the next-token logits of each row's last query, [batch, vocab]. */
export const NEXT_LOGITS = 'logits';

/** Input of prompt-learning graphs: how many virtual tokens this run prepends ([1] int64: V or 0). */
export const VIRTUAL_TOKENS = 'virtual_tokens';

/** Input names of layer `layer`'s cached keys and values. */
export function pastNames(layer: number): { readonly key: string; readonly value: string } {
  return { key: `past_key_values.${layer}.key`, value: `past_key_values.${layer}.value` };
}

/** Output names of layer `layer`'s keys and values after this step. */
export function presentNames(layer: number): { readonly key: string; readonly value: string } {
  return { key: `present.${layer}.key`, value: `present.${layer}.value` };
}

/**
 * The one inference graph of a model, which classification and generation share (so a process
 * holds its weights once): a forward pass with a key/value cache (transformers'
 * past_key_values) that returns the logits of each row's last position and every layer's keys and
 * values (past + current) to feed back. With an empty cache it is the plain forward pass; on
 * left-padded prompts its logits are the next-token scores a classifier reads.
 *
 * Inputs: input_ids [batch, seq], attention_mask [batch, keys] (prefix + past + current),
 * position_ids [batch, queries], past_key_values.{l}.key/value [batch, kvHeads, past, headDim],
 * and, for prompt tuning and p-tuning, virtual_tokens [1].
 * Outputs: logits [batch, vocab], present.{l}.key/value [batch, kvHeads, past + queries, headDim].
 */
export function buildGenerationGraph(model: InferenceModel): GraphBuilder {
  const { config } = model;
  const g = new GraphBuilder({ name: 'model' });
  const inputs = tokenInputs(g);
  const kvHeads = config.numKeyValueHeads;
  const pastKeyValues: KeyValue[] = Array.from({ length: config.numHiddenLayers }, (_unused, layer) => {
    const names = pastNames(layer);
    return { key: g.input(names.key, 'float32', ['batch', kvHeads, 'past', config.headDim]), value: g.input(names.value, 'float32', ['batch', kvHeads, 'past', config.headDim]) };
  });
  const virtualTokens = model.layout.kind === 'prompt' ? g.input(VIRTUAL_TOKENS, 'int64', [1]) : undefined;
  const weights = createWeightSource(g, model.weights);
  const hooks = adapterHooks(g, model, inputs.inputIds, virtualTokens);
  const { hidden, presentKeyValues } = buildForward(g, config, weights, { ...inputs, pastKeyValues }, hooks);
  const last: Value = g.withScope('last_position', () => g.squeeze(g.slice(hidden, [-1], [Number.MAX_SAFE_INTEGER], [1]), [1])); // [batch, hidden]
  g.output(buildLmHead(g, config, weights, last), NEXT_LOGITS);
  presentKeyValues.forEach((present, layer) => {
    const names = presentNames(layer);
    g.output(present.key, names.key);
    g.output(present.value, names.value);
  });
  return g;
}
