import { GraphBuilder } from '@causal-tune/graph';
import { buildForward, buildLmHead, createWeightSource } from '@causal-tune/models';
import { adapterHooks, tokenInputs, type InferenceModel } from './inference-model.js';

/** Output of the classification graph: log p(token | prompt) of each label token, [batch, labels]. */
export const LABEL_LOG_PROBS = 'label_log_probs';

/**
 * The classification graph: one forward pass over left-padded prompts, the output head at one
 * position per row (`answer_positions`, indices into the flattened [batch·queries] states: the
 * last prompt token, whose logits predict the answer's first token), log-softmax over the whole
 * vocabulary, then the columns of the label words' first tokens (`label_token_ids` [labels],
 * fed at run time so one graph serves any verbalizer).
 *
 * Inputs: input_ids, attention_mask, position_ids, answer_positions [batch], label_token_ids [labels].
 * Output: label_log_probs [batch, labels].
 */
export function buildClassificationGraph(model: InferenceModel): GraphBuilder {
  const g = new GraphBuilder({ name: 'classify' });
  const inputs = tokenInputs(g);
  const answerPositions = g.input('answer_positions', 'int64', ['batch']);
  const labelTokenIds = g.input('label_token_ids', 'int64', ['labels']);
  const weights = createWeightSource(g, model.weights);
  const hooks = adapterHooks(g, model, inputs.inputIds);
  const { hidden } = buildForward(g, model.config, weights, inputs, hooks);
  const logits = buildLmHead(g, model.config, weights, hidden, { positions: answerPositions }); // [batch, vocab]
  const logProbs = g.withScope('label_words', () => g.gather(g.logSoftmax(logits, -1), labelTokenIds, 1)); // [batch, labels]
  g.output(logProbs, LABEL_LOG_PROBS);
  return g;
}
