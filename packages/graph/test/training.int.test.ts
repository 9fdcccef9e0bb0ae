import { GraphBuilder, compile, createSession, gradients, type HostTensor, type Value } from '@causal-tune/graph';
import { buildTransformerBlock, checkGradient, initTransformerBlock, pseudoRandom, transformerBlockParameterShapes, TRANSFORMER_BLOCK_PARAMETERS } from '@causal-tune/graph/testing';

/** Plain SGD over a graph whose outputs are `loss` and `grad/<param>` for each parameter. */
async function trainWithSgd(g: GraphBuilder, parameters: Record<string, Float32Array>, shapes: Record<string, number[]>, data: Record<string, HostTensor>, steps: number, learningRate: number): Promise<number[]> {
  const session = await createSession(compile(g));
  const losses: number[] = [];
  for (let step = 0; step < steps; step += 1) {
    const feeds: Record<string, HostTensor> = { ...data };
    for (const [name, values] of Object.entries(parameters)) feeds[name] = { dtype: 'float32', dims: shapes[name]!, data: values };
    const result = await session.run(feeds);
    losses.push((result.loss!.data as Float32Array)[0]!);
    for (const [name, values] of Object.entries(parameters)) {
      const grad = result[`grad/${name}`]!.data as Float32Array;
      for (let index = 0; index < values.length; index += 1) values[index]! -= learningRate * grad[index]!;
    }
  }
  await session.release();
  return losses;
}

describe('training small models through the graph compiler', () => {
  it('an MLP learns a made-up regression task', async () => {
    // y = sin(x0) + x1·x2 on 64 fixed points; 3 → 16 → 1 with tanh.
    const inputs = pseudoRandom(64 * 3, 11);
    const targets = Array.from({ length: 64 }, (_v, row) => Math.sin(inputs[row * 3]!) + inputs[row * 3 + 1]! * inputs[row * 3 + 2]!);
    const g = new GraphBuilder({ name: 'mlp' });
    const x = g.input('x', 'float32', ['batch', 3]);
    const y = g.input('y', 'float32', ['batch', 1]);
    const shapes = { w1: [3, 16], b1: [16], w2: [16, 1], b2: [1] };
    const params: Record<string, Value> = Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, g.input(name, 'float32', shape)]));
    const hidden = g.tanh(g.add(g.matMul(x, params.w1!), params.b1!));
    const prediction = g.add(g.matMul(hidden, params.w2!), params.b2!);
    const error = g.sub(prediction, y);
    const loss = g.reduceMean(g.mul(error, error), [], false);
    const grads = gradients(g, loss, Object.values(params));
    g.output(loss, 'loss');
    grads.forEach((grad) => g.output(grad));
    const values = { w1: Float32Array.from(pseudoRandom(48, 3), (v) => v * 0.8), b1: new Float32Array(16), w2: Float32Array.from(pseudoRandom(16, 4), (v) => v * 0.5), b2: new Float32Array(1) };
    const losses = await trainWithSgd(g, values, shapes, {
      x: { dtype: 'float32', dims: [64, 3], data: Float32Array.from(inputs) },
      y: { dtype: 'float32', dims: [64, 1], data: Float32Array.from(targets) },
    }, 300, 0.2);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.2);
    expect(losses.every(Number.isFinite)).toBe(true);
  });

  it("a causal self-attention block's gradients match finite differences", async () => {
    const shape = { batch: 2, seq: 3, hidden: 4, heads: 2 };
    const shapes = transformerBlockParameterShapes(shape.hidden);
    const init = initTransformerBlock(shape.hidden, 5);
    const inputs = [
      { name: 'x', shape: [2, 3, 4], data: pseudoRandom(24, 9) },
      // Perturb LayerNorm gains and biases away from 1 and 0, so their gradients are not special cases.
      ...TRANSFORMER_BLOCK_PARAMETERS.map((name, index) => ({ name, shape: shapes[name], data: Array.from(init[name]!, (v, i) => v + 0.1 * pseudoRandom(1, index * 97 + i)[0]!) })),
    ];
    const result = await checkGradient((g, [x, ...params]) => {
      const values = Object.fromEntries(TRANSFORMER_BLOCK_PARAMETERS.map((name, index) => [name, params[index]!]));
      return buildTransformerBlock(g, x!, values, shape);
    }, inputs, { dtype: 'float32', rtol: 2e-2, atol: 2e-3 });
    expect(result.failures.slice(0, 5)).toEqual([]);
    expect(result.checked).toBeGreaterThan(200);
  });

  it('a causal self-attention block learns to copy its input through a projection', async () => {
    const shape = { batch: 2, seq: 4, hidden: 8, heads: 2 };
    const shapes = transformerBlockParameterShapes(shape.hidden);
    const g = new GraphBuilder({ name: 'block' });
    const x = g.input('x', 'float32', [2, 4, 8]);
    const target = g.input('target', 'float32', [2, 4, 8]);
    const params = Object.fromEntries(TRANSFORMER_BLOCK_PARAMETERS.map((name) => [name, g.input(name, 'float32', shapes[name])]));
    const output = buildTransformerBlock(g, x, params, shape);
    const error = g.sub(output, target);
    const loss = g.reduceMean(g.mul(error, error), [], false);
    gradients(g, loss, Object.values(params)).forEach((grad) => g.output(grad));
    g.output(loss, 'loss');
    const xs = pseudoRandom(64, 21);
    // Target: a running mean over the causal prefix, which attention can express.
    const targets = xs.map((_v, index) => {
      const [b, s, h] = [Math.floor(index / 32), Math.floor(index / 8) % 4, index % 8];
      let sum = 0;
      for (let t = 0; t <= s; t += 1) sum += xs[b * 32 + t * 8 + h]!;
      return sum / (s + 1);
    });
    const losses = await trainWithSgd(g, initTransformerBlock(8, 2), shapes, {
      x: { dtype: 'float32', dims: [2, 4, 8], data: Float32Array.from(xs) },
      target: { dtype: 'float32', dims: [2, 4, 8], data: Float32Array.from(targets) },
    }, 400, 0.5);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
  });
});
