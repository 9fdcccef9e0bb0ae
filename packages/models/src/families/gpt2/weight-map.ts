import type { Gpt2ModelConfig } from './config.js';
import type { LinearModule } from '../../config/weight-spec.js';

// Tensor names of transformers' GPT2Model (modeling_gpt2.py). Checkpoints saved from
// GPT2LMHeadModel prefix them with `transformer.`; openai-community/gpt2 does not. The canonical
// names here are unprefixed; module paths for PEFT keep the prefix, since PEFT wraps the LM model.

/** Prefix of GPT-2 tensor names in checkpoints saved from `GPT2LMHeadModel`. */
export const GPT2_TRANSFORMER_PREFIX = 'transformer.';

/** Strips the optional `transformer.` prefix: the canonical GPT-2 tensor name. */
export function gpt2CanonicalWeightName(name: string): string {
  return name.startsWith(GPT2_TRANSFORMER_PREFIX) ? name.slice(GPT2_TRANSFORMER_PREFIX.length) : name;
}

/** Buffers older GPT-2 checkpoints carry (the causal mask), not weights. */
export function isGpt2IgnoredTensor(canonicalName: string): boolean {
  return /^h\.\d+\.attn\.(masked_)?bias$/.test(canonicalName);
}

/**
 * Every tensor of a GPT-2 checkpoint and its shape. Conv1D weights are [in, out]: c_attn is
 * [n_embd, 3 * n_embd] with q, k, v side by side along the output axis.
 */
export function gpt2ExpectedWeights(config: Gpt2ModelConfig): Map<string, number[]> {
  const { hiddenSize: embed, intermediateSize: inner, vocabSize, maxPositionEmbeddings } = config;
  const weights = new Map<string, number[]>([
    ['wte.weight', [vocabSize, embed]],
    ['wpe.weight', [maxPositionEmbeddings, embed]],
  ]);
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const block = `h.${layer}`;
    weights.set(`${block}.ln_1.weight`, [embed]);
    weights.set(`${block}.ln_1.bias`, [embed]);
    weights.set(`${block}.attn.c_attn.weight`, [embed, 3 * embed]);
    weights.set(`${block}.attn.c_attn.bias`, [3 * embed]);
    weights.set(`${block}.attn.c_proj.weight`, [embed, embed]);
    weights.set(`${block}.attn.c_proj.bias`, [embed]);
    weights.set(`${block}.ln_2.weight`, [embed]);
    weights.set(`${block}.ln_2.bias`, [embed]);
    weights.set(`${block}.mlp.c_fc.weight`, [embed, inner]);
    weights.set(`${block}.mlp.c_fc.bias`, [inner]);
    weights.set(`${block}.mlp.c_proj.weight`, [inner, embed]);
    weights.set(`${block}.mlp.c_proj.bias`, [embed]);
  }
  weights.set('ln_f.weight', [embed]);
  weights.set('ln_f.bias', [embed]);
  if (!config.tieWordEmbeddings) weights.set('lm_head.weight', [vocabSize, embed]);
  return weights;
}

/** The Conv1D projections of every block plus lm_head, with PEFT module paths. */
export function gpt2LinearModules(config: Gpt2ModelConfig): LinearModule[] {
  const { hiddenSize: embed, intermediateSize: inner } = config;
  const modules: LinearModule[] = [];
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const projections: [string, number, number][] = [
      ['attn.c_attn', embed, 3 * embed],
      ['attn.c_proj', embed, embed],
      ['mlp.c_fc', embed, inner],
      ['mlp.c_proj', inner, embed],
    ];
    for (const [name, inFeatures, outFeatures] of projections) {
      const canonical = `h.${layer}.${name}`;
      modules.push({
        path: `${GPT2_TRANSFORMER_PREFIX}${canonical}`,
        weightName: `${canonical}.weight`,
        biasName: `${canonical}.bias`,
        inFeatures,
        outFeatures,
        layout: 'conv1d',
        layerIndex: layer,
        isOutputLayer: false,
      });
    }
  }
  modules.push({
    path: 'lm_head',
    weightName: config.tieWordEmbeddings ? 'wte.weight' : 'lm_head.weight',
    biasName: null,
    inFeatures: embed,
    outFeatures: config.vocabSize,
    layout: 'linear',
    layerIndex: null,
    isOutputLayer: true,
  });
  return modules;
}
