import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { PromptLearningDims } from '../prompt-learning/dims.js';
import { PROMPT_ENCODER_PREFIX, linearShapes, torchLinear, type EncoderTensors } from '../prompt-learning/encoder-output.js';

/** The PrefixEncoder's parameters with `prefix_projection`: embedding [V, token_dim] and the 2-layer MLP. */
export function prefixProjectionShapes(dims: PromptLearningDims): Map<string, number[]> {
  const shapes = new Map<string, number[]>([[`${PROMPT_ENCODER_PREFIX}embedding.weight`, [dims.numVirtualTokens, dims.tokenDim]]]);
  linearShapes(shapes, 'transform.0', dims.tokenDim, dims.encoderHiddenSize);
  linearShapes(shapes, 'transform.2', dims.encoderHiddenSize, dims.numLayers * 2 * dims.tokenDim);
  return shapes;
}

/**
 * Prefix tuning's PrefixEncoder with `prefix_projection` (peft/tuners/prefix_tuning/model.py):
 * embedding [V, token_dim] → Linear(token_dim, H) → Tanh → Linear(H, layers·2·token_dim).
 * Returns [V, layers·2·token_dim], the flat keys and values PEFT saves as `prompt_embeddings`.
 */
export function buildPrefixProjection(g: GraphBuilder, get: EncoderTensors): Value {
  return g.withScope('prompt_encoder', () => {
    const embedding = get(`${PROMPT_ENCODER_PREFIX}embedding.weight`);
    return torchLinear(g, g.tanh(torchLinear(g, embedding, get, 'transform.0')), get, 'transform.2');
  });
}
