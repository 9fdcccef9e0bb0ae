import type { GraphBuilder } from '../builder/graph-builder.js';
import type { Value } from '../builder/value.js';
import { pseudoRandom } from './check-gradient.js';

/** Shape of a GPT-2-style pre-LayerNorm block. */
export interface TransformerBlockShape {
  readonly batch: number;
  readonly seq: number;
  readonly hidden: number;
  readonly heads: number;
}

/** The block's parameters, in the order {@link buildTransformerBlock} declares them. */
export const TRANSFORMER_BLOCK_PARAMETERS = ['ln1.weight', 'ln1.bias', 'attn.qkv.weight', 'attn.qkv.bias', 'attn.proj.weight', 'attn.proj.bias', 'ln2.weight', 'ln2.bias', 'mlp.fc.weight', 'mlp.fc.bias', 'mlp.proj.weight', 'mlp.proj.bias'] as const;

/** Parameter shapes of a block of hidden size `h`. */
export function transformerBlockParameterShapes(h: number): Record<(typeof TRANSFORMER_BLOCK_PARAMETERS)[number], number[]> {
  return {
    'ln1.weight': [h], 'ln1.bias': [h], 'attn.qkv.weight': [h, 3 * h], 'attn.qkv.bias': [3 * h], 'attn.proj.weight': [h, h], 'attn.proj.bias': [h],
    'ln2.weight': [h], 'ln2.bias': [h], 'mlp.fc.weight': [h, 4 * h], 'mlp.fc.bias': [4 * h], 'mlp.proj.weight': [4 * h, h], 'mlp.proj.bias': [h],
  };
}

/** Deterministic initial parameters: N(0, 0.02)-like weights, LayerNorm gains 1, biases 0. */
export function initTransformerBlock(h: number, seed = 1): Record<string, Float32Array> {
  const shapes = transformerBlockParameterShapes(h);
  const result: Record<string, Float32Array> = {};
  let offset = seed;
  for (const [name, shape] of Object.entries(shapes)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (name.startsWith('ln') && name.endsWith('weight')) result[name] = new Float32Array(size).fill(1);
    else if (name.endsWith('bias')) result[name] = new Float32Array(size);
    else result[name] = Float32Array.from(pseudoRandom(size, (offset += 1)), (value) => value * 0.035);
  }
  return result;
}

/**
 * One causal self-attention + MLP block with pre-LayerNorm and tanh GELU (GPT-2's layout), on
 * inputs `x` [batch, seq, hidden] and parameters given as graph values. Returns the output
 * [batch, seq, hidden]. Used by the integration tests and by bench/graph.
 */
export function buildTransformerBlock(g: GraphBuilder, x: Value, parameters: Readonly<Record<string, Value>>, shape: TransformerBlockShape): Value {
  const { batch, seq, hidden, heads } = shape;
  const headDim = hidden / heads;
  const p = (name: (typeof TRANSFORMER_BLOCK_PARAMETERS)[number]) => parameters[name]!;
  const h1 = g.layerNormalization(x, p('ln1.weight'), p('ln1.bias'));
  const qkv = g.add(g.matMul(h1, p('attn.qkv.weight')), p('attn.qkv.bias')); // [batch, seq, 3·hidden]
  const [q, k, v] = g.split(qkv, [hidden, hidden, hidden], 2);
  const toHeads = (t: Value) => g.transpose(g.reshape(t, [batch, seq, heads, headDim]), [0, 2, 1, 3]); // [batch, heads, seq, headDim]
  const scores = g.mul(g.matMul(toHeads(q!), g.transpose(g.reshape(k!, [batch, seq, heads, headDim]), [0, 2, 3, 1])), 1 / Math.sqrt(headDim)); // [batch, heads, seq, seq]
  const causal = g.constant(causalMask(seq), 'bool', [seq, seq]);
  const masked = g.where(causal, scores, g.constant(-1e9, x.dtype, []));
  const attention = g.matMul(g.softmax(masked, -1), toHeads(v!)); // [batch, heads, seq, headDim]
  const merged = g.reshape(g.transpose(attention, [0, 2, 1, 3]), [batch, seq, hidden]);
  const x1 = g.add(x, g.add(g.matMul(merged, p('attn.proj.weight')), p('attn.proj.bias')));
  const h2 = g.layerNormalization(x1, p('ln2.weight'), p('ln2.bias'));
  const fc = g.add(g.matMul(h2, p('mlp.fc.weight')), p('mlp.fc.bias'));
  const mlp = g.add(g.matMul(geluTanh(g, fc), p('mlp.proj.weight')), p('mlp.proj.bias'));
  return g.add(x1, mlp);
}

/** GELU, tanh approximation (GPT-2's `gelu_new`): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh(g: GraphBuilder, x: Value): Value {
  const inner = g.mul(g.add(x, g.mul(g.mul(g.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return g.mul(g.mul(x, 0.5), g.add(g.tanh(inner), 1));
}

function causalMask(seq: number): number[] {
  const mask: number[] = [];
  for (let row = 0; row < seq; row += 1) for (let column = 0; column < seq; column += 1) mask.push(column <= row ? 1 : 0);
  return mask;
}
