import type { Dim, GraphBuilder, Value } from '@causal-tune/graph';
import type { LinearModule } from '../config/weight-spec.js';
import type { ForwardHooks, LinearSite, WeightSource } from './forward-types.js';

/** Memoises a value built on first use. */
function once(make: () => Value): () => Value {
  let value: Value | undefined;
  return () => (value ??= make());
}

/**
 * A linear projection of the checkpoint: `x·Wᵀ + b` for nn.Linear ([out, in] weights) or
 * `x·W + b` for GPT-2's Conv1D ([in, out]); a PEFT hook sees the projection as a
 * {@link LinearSite} (its input, base output, frozen weight) and returns the output.
 */
export function linear(g: GraphBuilder, x: Value, module: LinearModule, weights: WeightSource, hooks: ForwardHooks): Value {
  return g.withScope(module.path, () => {
    const product = once(() => weights.project(x, module));
    const bias = module.biasName === null ? undefined : once(() => weights.get(module.biasName!));
    const output = once(() => (bias === undefined ? product() : g.add(product(), bias())));
    if (!hooks.linear) return output();
    const site: LinearSite = {
      module,
      input: x,
      output,
      product,
      bias: () => bias?.(),
      project: (input) => weights.project(input, module),
      weight: (after) => weights.dense(module, after),
    };
    return hooks.linear(g, site);
  });
}

/** RMSNorm as LLaMA computes it: x / √(mean(x²) + ε) · w, in the pattern onnxruntime fuses. */
export function rmsNorm(g: GraphBuilder, x: Value, weight: Value, epsilon: number): Value {
  const variance = g.reduceMean(g.pow(x, 2), [-1], true);
  return g.mul(g.div(x, g.sqrt(g.add(variance, epsilon))), weight);
}

/** SiLU: x·σ(x). */
export function silu(g: GraphBuilder, x: Value): Value {
  return g.mul(x, g.sigmoid(x));
}

/** GELU, tanh approximation (GPT-2's `gelu_new`, `gelu_pytorch_tanh`). */
export function geluTanh(g: GraphBuilder, x: Value): Value {
  const inner = g.mul(g.add(x, g.mul(g.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return g.mul(g.mul(x, 0.5), g.add(g.tanh(inner), 1));
}

/** GELU, exact: 0.5·x·(1 + erf(x/√2)). */
export function geluExact(g: GraphBuilder, x: Value): Value {
  return g.mul(g.mul(x, 0.5), g.add(g.erf(g.mul(x, Math.SQRT1_2)), 1));
}

/**
 * Prepends prompt embeddings [1 | batch, virtual, hidden] to token embeddings [batch, seq, hidden].
 * The result's length is named `queries` (the caller's position-ids dim): Concat cannot name
 * virtual + seq, and autodiff needs named dims to find broadcast axes.
 */
export function prependPromptEmbeddings(g: GraphBuilder, embeddings: Value, prompt: Value, queries: Dim = 'queries'): Value {
  const [batch] = embeddings.shape;
  const [, virtualTokens, hidden] = prompt.shape;
  const target = g.concat([g.slice(g.shape(embeddings), [0], [1]), g.slice(g.shape(prompt), [1], [3])], 0);
  const expanded = g.expand(prompt, target, [batch!, virtualTokens!, hidden!]);
  return g.reshape(g.concat([expanded, embeddings], 1), [0, -1, hidden as number], [batch!, queries, hidden!]);
}
