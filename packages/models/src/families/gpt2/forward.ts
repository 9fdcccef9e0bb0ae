import type { GraphBuilder, Value } from '@causal-tune/graph';
import { buildAttentionMask } from '../../forward/attention-mask.js';
import { attend, splitHeads } from '../../forward/attention.js';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, KeyValue, WeightSource } from '../../forward/forward-types.js';
import { geluExact, geluTanh, linear, prependPromptEmbeddings, silu } from '../../forward/linear.js';
import type { Gpt2ModelConfig } from './config.js';
import { gpt2LinearModules } from './weight-map.js';

/**
 * GPT-2 (transformers' GPT2Model): learned positions, pre-LayerNorm blocks, the fused c_attn
 * Conv1D producing q, k and v side by side, tanh GELU. Returns the final normalised hidden states.
 */
export function buildGpt2Forward(g: GraphBuilder, config: Gpt2ModelConfig, weights: WeightSource, inputs: ForwardInputs, hooks: ForwardHooks): ForwardOutputs {
  const modules = new Map(gpt2LinearModules(config).map((module) => [module.path, module]));
  const project = (x: Value, path: string) => linear(g, x, modules.get(`transformer.${path}`) ?? modules.get(path)!, weights, hooks);
  const hiddenSize = config.hiddenSize;
  const epsilon = config.layerNormEpsilon;
  const shape = { numAttentionHeads: config.numAttentionHeads, numKeyValueHeads: config.numAttentionHeads, headDim: config.headDim };
  let hidden = g.withScope('embed', () => weights.rows('wte.weight', inputs.inputIds)); // [batch, seq, hidden]
  if (hooks.promptEmbeddings) hidden = prependPromptEmbeddings(g, hidden, hooks.promptEmbeddings, inputs.positionIds.shape[1]);
  hidden = g.add(hidden, weights.rows('wpe.weight', inputs.positionIds));
  const mask = buildAttentionMask(g, inputs.attentionMask, hidden);
  const presentKeyValues: KeyValue[] = [];
  const layerInputs: Value[] = [];
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const block = `h.${layer}`;
    layerInputs.push(hidden);
    hidden = g.withScope(block, () => {
      const normed = g.layerNormalization(hidden, weights.get(`${block}.ln_1.weight`), weights.get(`${block}.ln_1.bias`), { epsilon });
      const [q, k, v] = g.split(project(normed, `${block}.attn.c_attn`), [hiddenSize, hiddenSize, hiddenSize], 2);
      const heads = (t: Value) => splitHeads(g, t, config.numAttentionHeads, config.headDim);
      const { output, present } = attend(g, heads(q!), { key: heads(k!), value: heads(v!) }, mask, shape, inputs.pastKeyValues?.[layer], hooks.prefixKeyValues?.(g, layer));
      presentKeyValues.push(present);
      const afterAttention = g.add(hidden, project(output, `${block}.attn.c_proj`));
      const normed2 = g.layerNormalization(afterAttention, weights.get(`${block}.ln_2.weight`), weights.get(`${block}.ln_2.bias`), { epsilon });
      const activated = activation(g, config.activationFunction, project(normed2, `${block}.mlp.c_fc`));
      return g.add(afterAttention, project(activated, `${block}.mlp.c_proj`));
    });
  }
  return { hidden: g.layerNormalization(hidden, weights.get('ln_f.weight'), weights.get('ln_f.bias'), { epsilon }), presentKeyValues, layerInputs };
}

function activation(g: GraphBuilder, name: Gpt2ModelConfig['activationFunction'], x: Value): Value {
  switch (name) {
    case 'gelu_new':
    case 'gelu_pytorch_tanh':
      return geluTanh(g, x);
    case 'gelu':
      return geluExact(g, x);
    case 'silu':
      return silu(g, x);
  }
}
