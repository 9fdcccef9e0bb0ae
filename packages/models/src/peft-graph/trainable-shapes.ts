import { ToolkitError } from '@causal-tune/core';
import type { ModelConfig } from '../families/registry.js';
import type { AdapterConfig, PrefixTuningAdapterConfig, PTuningAdapterConfig } from '../peft/adapter-config.js';
import { expectedAdapterTensors, resolvePromptLearningDims } from '../peft/adapter-tensors.js';

// What a method trains, by name. Where the trained tensor is what PEFT saves (LoRA A/B, prompt
// tuning's embedding, prefix tuning without projection) the name is the saved one. Where PEFT
// trains an encoder and saves only its output (p-tuning, prefix tuning with prefix_projection),
// the names are PEFT's parameter names with the adapter name removed, as
// get_peft_model_state_dict removes it: `prompt_encoder.embedding.weight`,
// `prompt_encoder.mlp_head.0.weight` (peft/tuners/p_tuning/model.py PromptEncoder),
// `prompt_encoder.lstm_head.weight_ih_l0_reverse` (torch.nn.LSTM), `prompt_encoder.transform.2.bias`
// (peft/tuners/prefix_tuning/model.py PrefixEncoder).

/** Prefix of the prompt encoder's parameter names. */
export const PROMPT_ENCODER_PREFIX = 'prompt_encoder.';

/** True when the method trains an encoder whose output, not its parameters, is saved. */
export function trainsPromptEncoder(config: AdapterConfig): config is PTuningAdapterConfig | PrefixTuningAdapterConfig {
  return config.peft_type === 'P_TUNING' || (config.peft_type === 'PREFIX_TUNING' && config.prefix_projection);
}

function linearShapes(shapes: Map<string, number[]>, name: string, inFeatures: number, outFeatures: number): void {
  shapes.set(`${PROMPT_ENCODER_PREFIX}${name}.weight`, [outFeatures, inFeatures]);
  shapes.set(`${PROMPT_ENCODER_PREFIX}${name}.bias`, [outFeatures]);
}

/** torch.nn.LSTM's parameter suffixes of one layer and direction: `l0`, `l0_reverse`. */
export function lstmSuffix(layer: number, reverse: boolean): string {
  return `l${layer}${reverse ? '_reverse' : ''}`;
}

/**
 * The trainable tensors of `config` on `model`, name → shape, in a stable order: LoRA's
 * `base_model.model.<module>.lora_A.weight` / `lora_B.weight`; prompt tuning's and plain prefix
 * tuning's `prompt_embeddings`; the prompt encoder of p-tuning (embedding, MLP or bidirectional
 * LSTM + MLP head) and of prefix tuning with `prefix_projection` (embedding, 2-layer MLP).
 */
export function peftTrainableShapes(config: AdapterConfig, model: ModelConfig): Map<string, number[]> {
  if (!trainsPromptEncoder(config)) return expectedAdapterTensors(config, model);
  const dims = resolvePromptLearningDims(config, model);
  if (dims.numTransformerSubmodules !== 1) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `num_transformer_submodules is ${dims.numTransformerSubmodules}, but a decoder-only model has 1.`, { details: { numTransformerSubmodules: dims.numTransformerSubmodules } });
  }
  const { numVirtualTokens: virtual, tokenDim, encoderHiddenSize: hidden } = dims;
  const shapes = new Map<string, number[]>([[`${PROMPT_ENCODER_PREFIX}embedding.weight`, [virtual, tokenDim]]]);
  if (config.peft_type === 'PREFIX_TUNING') {
    linearShapes(shapes, 'transform.0', tokenDim, hidden);
    linearShapes(shapes, 'transform.2', hidden, dims.numLayers * 2 * tokenDim);
  } else if (config.encoder_reparameterization_type === 'MLP') {
    linearShapes(shapes, 'mlp_head.0', tokenDim, hidden);
    linearShapes(shapes, 'mlp_head.2', hidden, hidden);
    linearShapes(shapes, 'mlp_head.4', hidden, tokenDim);
  } else {
    for (let layer = 0; layer < config.encoder_num_layers; layer += 1) {
      for (const reverse of [false, true]) {
        const suffix = lstmSuffix(layer, reverse);
        shapes.set(`${PROMPT_ENCODER_PREFIX}lstm_head.weight_ih_${suffix}`, [4 * hidden, layer === 0 ? tokenDim : 2 * hidden]);
        shapes.set(`${PROMPT_ENCODER_PREFIX}lstm_head.weight_hh_${suffix}`, [4 * hidden, hidden]);
        shapes.set(`${PROMPT_ENCODER_PREFIX}lstm_head.bias_ih_${suffix}`, [4 * hidden]);
        shapes.set(`${PROMPT_ENCODER_PREFIX}lstm_head.bias_hh_${suffix}`, [4 * hidden]);
      }
    }
    linearShapes(shapes, 'mlp_head.0', 2 * hidden, 2 * hidden);
    linearShapes(shapes, 'mlp_head.2', 2 * hidden, tokenDim);
  }
  return shapes;
}
