import type { GraphBuilder, Value } from '@causal-tune/graph';

/** The parameters of one direction of one torch.nn.LSTM layer (gate order i, f, g, o). */
export interface LstmWeights {
  /** weight_ih [4·hidden, in] */
  readonly inputWeight: Value;
  /** weight_hh [4·hidden, hidden] */
  readonly hiddenWeight: Value;
  /** bias_ih [4·hidden] */
  readonly inputBias: Value;
  /** bias_hh [4·hidden] */
  readonly hiddenBias: Value;
}

/**
 * One direction of an LSTM layer over a short sequence x [steps, in], unrolled (the graph
 * builder has no LSTM op, and p-tuning runs it over a handful of virtual tokens). torch.nn.LSTM's
 * equations, h₀ = c₀ = 0:
 *   i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…), g = tanh(…), o = σ(…)
 *   c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
 * `reverse` runs from the last step to the first; outputs stay in sequence order. Returns the
 * hidden states [steps, hidden].
 */
export function lstmDirection(g: GraphBuilder, x: Value, weights: LstmWeights, hidden: number, steps: number, reverse: boolean): Value {
  // All input projections at once: [steps, 4·hidden].
  const projected = g.add(g.matMul(x, g.transpose(weights.inputWeight, [1, 0])), g.add(weights.inputBias, weights.hiddenBias));
  const recurrent = g.transpose(weights.hiddenWeight, [1, 0]); // [hidden, 4·hidden]
  const outputs: Value[] = new Array<Value>(steps);
  let h: Value | undefined;
  let c: Value | undefined;
  for (let index = 0; index < steps; index += 1) {
    const step = reverse ? steps - 1 - index : index;
    let gates = g.slice(projected, [step], [step + 1], [0]); // [1, 4·hidden]
    if (h !== undefined) gates = g.add(gates, g.matMul(h, recurrent));
    const [inputGate, forgetGate, cellGate, outputGate] = g.split(gates, [hidden, hidden, hidden, hidden], 1);
    const update = g.mul(g.sigmoid(inputGate!), g.tanh(cellGate!));
    c = c === undefined ? update : g.add(g.mul(g.sigmoid(forgetGate!), c), update);
    h = g.mul(g.sigmoid(outputGate!), g.tanh(c));
    outputs[step] = h;
  }
  return g.concat(outputs, 0);
}

/**
 * A bidirectional multi-layer LSTM (torch.nn.LSTM with bidirectional=True, batch_first, no
 * dropout between layers) over x [steps, in]: each layer's output is the forward and backward
 * hidden states side by side [steps, 2·hidden], the next layer's input. `layers[k]` holds the
 * forward and the reverse direction's weights of layer k.
 */
export function bidirectionalLstm(g: GraphBuilder, x: Value, layers: readonly (readonly [LstmWeights, LstmWeights])[], hidden: number, steps: number): Value {
  let output = x;
  layers.forEach(([forward, backward], layer) => {
    output = g.withScope(`lstm_l${layer}`, () => g.concat([lstmDirection(g, output, forward, hidden, steps, false), lstmDirection(g, output, backward, hidden, steps, true)], 1));
  });
  return output;
}
