import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { MethodGraph } from '../tuning-method.js';

/** Prompt tuning and p-tuning put their virtual tokens [V, hidden] in front of the token embeddings, broadcast over the batch. */
export function promptEmbeddingsGraph(g: GraphBuilder, embeddings: Value): MethodGraph {
  return { hooks: { promptEmbeddings: g.unsqueeze(embeddings, [0]) }, promptEmbeddings: embeddings };
}
