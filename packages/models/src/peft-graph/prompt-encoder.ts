import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { PrefixTuningAdapterConfig, PTuningAdapterConfig } from '../peft/adapter-config.js';
import type { PromptLearningDims } from '../peft/adapter-tensors.js';
import { bidirectionalLstm, type LstmWeights } from './lstm.js';
import { lstmSuffix, PROMPT_ENCODER_PREFIX } from './trainable-shapes.js';

/** Returns the graph value of a trainable tensor by name (a graph input or an initializer). */
export type TensorGetter = (name: string) => Value;

/** torch.nn.Linear: x·Wᵀ + b, W [out, in]. */
function torchLinear(g: GraphBuilder, x: Value, get: TensorGetter, name: string): Value {
  return g.add(g.matMul(x, g.transpose(get(`${PROMPT_ENCODER_PREFIX}${name}.weight`), [1, 0])), get(`${PROMPT_ENCODER_PREFIX}${name}.bias`));
}

/** ReLU as where(x > 0, x, 0): the graph builder has no Relu op; Where carries the gradient. */
function relu(g: GraphBuilder, x: Value): Value {
  return g.where(g.greater(x, 0), x, 0);
}

/**
 * p-tuning's PromptEncoder (peft/tuners/p_tuning/model.py) applied to its embedding of the
 * virtual tokens 0..V−1, which is batch-independent, so it runs once on [V, token_dim]:
 * - MLP: Linear(token_dim, H) → ReLU → Linear(H, H) → ReLU → Linear(H, token_dim);
 * - LSTM: a bidirectional `encoder_num_layers`-layer LSTM (hidden H) → Linear(2H, 2H) → ReLU →
 *   Linear(2H, token_dim).
 * Returns the virtual tokens' embeddings [V, token_dim] (what PEFT saves as `prompt_embeddings`).
 * The LSTM's inter-layer dropout (`encoder_dropout`) is not built: the caller rejects it in training.
 */
export function buildPTuningEncoder(g: GraphBuilder, config: PTuningAdapterConfig, dims: PromptLearningDims, get: TensorGetter): Value {
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

/**
 * Prefix tuning's PrefixEncoder with `prefix_projection` (peft/tuners/prefix_tuning/model.py):
 * embedding [V, token_dim] → Linear(token_dim, H) → Tanh → Linear(H, layers·2·token_dim).
 * Returns [V, layers·2·token_dim], the flat keys and values PEFT saves as `prompt_embeddings`.
 */
export function buildPrefixProjection(g: GraphBuilder, _config: PrefixTuningAdapterConfig, get: TensorGetter): Value {
  return g.withScope('prompt_encoder', () => {
    const embedding = get(`${PROMPT_ENCODER_PREFIX}embedding.weight`);
    return torchLinear(g, g.tanh(torchLinear(g, embedding, get, 'transform.0')), get, 'transform.2');
  });
}
