import type { LlamaModelConfig } from '../config/model-config.js';
import type { LinearModule } from '../config/weight-spec.js';

// Tensor names of transformers' LlamaForCausalLM (modeling_llama.py); Mistral and Qwen2 use the
// same names. nn.Linear weights are [out, in].

/** Buffers some older LLaMA checkpoints carry (rotary inverse frequencies), not weights. */
export function isLlamaIgnoredTensor(name: string): boolean {
  return /\.rotary_emb\.inv_freq$/.test(name);
}

/** The linear projections of every decoder layer plus lm_head. */
export function llamaLinearModules(config: LlamaModelConfig): LinearModule[] {
  const { hiddenSize: hidden, intermediateSize: intermediate, headDim } = config;
  const queryWidth = config.numAttentionHeads * headDim;
  const keyValueWidth = config.numKeyValueHeads * headDim;
  const modules: LinearModule[] = [];
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const projections: [string, number, number, boolean][] = [
      ['self_attn.q_proj', hidden, queryWidth, config.qkvBias],
      ['self_attn.k_proj', hidden, keyValueWidth, config.qkvBias],
      ['self_attn.v_proj', hidden, keyValueWidth, config.qkvBias],
      ['self_attn.o_proj', queryWidth, hidden, config.attentionBias],
      ['mlp.gate_proj', hidden, intermediate, config.mlpBias],
      ['mlp.up_proj', hidden, intermediate, config.mlpBias],
      ['mlp.down_proj', intermediate, hidden, config.mlpBias],
    ];
    for (const [name, inFeatures, outFeatures, hasBias] of projections) {
      const path = `model.layers.${layer}.${name}`;
      modules.push({
        path,
        weightName: `${path}.weight`,
        biasName: hasBias ? `${path}.bias` : null,
        inFeatures,
        outFeatures,
        layout: 'linear',
        layerIndex: layer,
        isOutputLayer: false,
      });
    }
  }
  modules.push({
    path: 'lm_head',
    weightName: config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight',
    biasName: null,
    inFeatures: hidden,
    outFeatures: config.vocabSize,
    layout: 'linear',
    layerIndex: null,
    isOutputLayer: true,
  });
  return modules;
}

/** Every tensor of a LLaMA-family checkpoint and its shape (biases only where configured). */
export function llamaExpectedWeights(config: LlamaModelConfig): Map<string, number[]> {
  const { hiddenSize: hidden, vocabSize } = config;
  const weights = new Map<string, number[]>([['model.embed_tokens.weight', [vocabSize, hidden]]]);
  const linear = llamaLinearModules(config);
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const prefix = `model.layers.${layer}`;
    weights.set(`${prefix}.input_layernorm.weight`, [hidden]);
    for (const module of linear.filter((candidate) => candidate.layerIndex === layer)) {
      weights.set(module.weightName, [module.outFeatures, module.inFeatures]);
      if (module.biasName !== null) weights.set(module.biasName, [module.outFeatures]);
    }
    weights.set(`${prefix}.post_attention_layernorm.weight`, [hidden]);
  }
  weights.set('model.norm.weight', [hidden]);
  if (!config.tieWordEmbeddings) weights.set('lm_head.weight', [vocabSize, hidden]);
  return weights;
}
