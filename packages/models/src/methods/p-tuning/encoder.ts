import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import type { PromptLearningDims } from '../prompt-learning/dims.js';
import { PROMPT_ENCODER_PREFIX, linearShapes, torchLinear, type EncoderTensors } from '../prompt-learning/encoder-output.js';
import { filledTensor, normalTensor, uniformTensor } from '../shared/init.js';
import type { PTuningAdapterConfig } from './config.js';
import { bidirectionalLstm, type LstmWeights } from './lstm.js';

// p-tuning's PromptEncoder (peft/tuners/p_tuning/model.py), trained by its parameters, named as
// PEFT names them with the adapter name removed: `prompt_encoder.embedding.weight`,
// `prompt_encoder.mlp_head.0.weight`, `prompt_encoder.lstm_head.weight_ih_l0_reverse`
// (torch.nn.LSTM); only its output is saved.

/** torch.nn.LSTM's parameter suffixes of one layer and direction: `l0`, `l0_reverse`. */
export function lstmSuffix(layer: number, reverse: boolean): string {
  return `l${layer}${reverse ? '_reverse' : ''}`;
}

/** The prompt encoder's parameters, name -> shape: embedding, then the MLP or the bidirectional LSTM and its MLP head. */
export function pTuningEncoderShapes(config: PTuningAdapterConfig, dims: PromptLearningDims): Map<string, number[]> {
  const { numVirtualTokens: virtual, tokenDim, encoderHiddenSize: hidden } = dims;
  const shapes = new Map<string, number[]>([[`${PROMPT_ENCODER_PREFIX}embedding.weight`, [virtual, tokenDim]]]);
  if (config.encoder_reparameterization_type === 'MLP') {
    linearShapes(shapes, 'mlp_head.0', tokenDim, hidden);
    linearShapes(shapes, 'mlp_head.2', hidden, hidden);
    linearShapes(shapes, 'mlp_head.4', hidden, tokenDim);
    return shapes;
  }
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
  return shapes;
}

/**
 * PyTorch's default initialisation of every encoder parameter: nn.Embedding N(0, 1), nn.LSTM
 * U(±1/√hidden), nn.Linear weight and bias U(±1/√fan_in); each tensor its own seeded stream.
 */
export function initialEncoderTensors(shapes: ReadonlyMap<string, number[]>, seed: number, lstmHidden: number, zeroed: (name: string) => boolean = () => false): Map<string, FloatTensor> {
  const tensors = new Map<string, FloatTensor>();
  for (const [name, shape] of shapes) {
    const fanIn = shapes.get(name.replace(/\.bias$/, '.weight'))?.[1] ?? 1;
    if (zeroed(name)) tensors.set(name, filledTensor(shape, 0));
    else if (name.endsWith('embedding.weight')) tensors.set(name, normalTensor(name, shape, 1, seed));
    else if (name.includes('.lstm_head.')) tensors.set(name, uniformTensor(name, shape, 1 / Math.sqrt(lstmHidden), seed));
    else tensors.set(name, uniformTensor(name, shape, 1 / Math.sqrt(fanIn), seed));
  }
  return tensors;
}

/** ReLU as where(x > 0, x, 0): the graph builder has no Relu op; Where carries the gradient. */
function relu(g: GraphBuilder, x: Value): Value {
  return g.where(g.greater(x, 0), x, 0);
}

/**
 * The PromptEncoder applied to its embedding of the virtual tokens 0..V−1, which is
 * batch-independent, so it runs once on [V, token_dim]:
 * - MLP: Linear(token_dim, H) → ReLU → Linear(H, H) → ReLU → Linear(H, token_dim);
 * - LSTM: a bidirectional `encoder_num_layers`-layer LSTM (hidden H) → Linear(2H, 2H) → ReLU →
 *   Linear(2H, token_dim).
 * Returns the virtual tokens' embeddings [V, token_dim] (what PEFT saves as `prompt_embeddings`).
 * The LSTM's inter-layer dropout (`encoder_dropout`) is not built: training refuses it.
 */
export function buildPTuningEncoder(g: GraphBuilder, config: PTuningAdapterConfig, dims: PromptLearningDims, get: EncoderTensors): Value {
  return g.withScope('prompt_encoder', () => {
    const embedding = get(`${PROMPT_ENCODER_PREFIX}embedding.weight`); // [V, token_dim]
    if (config.encoder_reparameterization_type === 'MLP') {
      const first = relu(g, torchLinear(g, embedding, get, 'mlp_head.0'));
      const second = relu(g, torchLinear(g, first, get, 'mlp_head.2'));
      return torchLinear(g, second, get, 'mlp_head.4');
    }
    const lstmWeights = (layer: number, reverse: boolean): LstmWeights => {
      const suffix = lstmSuffix(layer, reverse);
      return {
        inputWeight: get(`${PROMPT_ENCODER_PREFIX}lstm_head.weight_ih_${suffix}`),
        hiddenWeight: get(`${PROMPT_ENCODER_PREFIX}lstm_head.weight_hh_${suffix}`),
        inputBias: get(`${PROMPT_ENCODER_PREFIX}lstm_head.bias_ih_${suffix}`),
        hiddenBias: get(`${PROMPT_ENCODER_PREFIX}lstm_head.bias_hh_${suffix}`),
      };
    };
    const layers = Array.from({ length: config.encoder_num_layers }, (_unused, layer) => [lstmWeights(layer, false), lstmWeights(layer, true)] as const);
    const sequence = bidirectionalLstm(g, embedding, layers, dims.encoderHiddenSize, dims.numVirtualTokens); // [V, 2H]
    return torchLinear(g, relu(g, torchLinear(g, sequence, get, 'mlp_head.0')), get, 'mlp_head.2');
  });
}
