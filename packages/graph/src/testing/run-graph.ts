import { type TensorData, toTypedArray } from '../builder/dtype.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import type { Value } from '../builder/value.js';
import { compile } from '../onnx/compile.js';
import { type HostTensor, createSession } from '../runtime/graph-session.js';
import type { CheckInput } from './check-gradient.js';

/**
 * Builds a one-off graph, runs it once on the CPU and returns its single output: the forward
 * half of an op test. Floating inputs are float32 unless `dtype` says otherwise.
 */
export async function runGraph(build: (g: GraphBuilder, inputs: Value[]) => Value | Value[], inputs: readonly CheckInput[], dtype: 'float32' | 'float64' = 'float32'): Promise<HostTensor[]> {
  const g = new GraphBuilder({ name: 'forward-test' });
  const resolve = (input: CheckInput) => (input.dtype === undefined || input.dtype === 'float' ? dtype : input.dtype);
  const values = inputs.map((input) => g.input(input.name, resolve(input), input.shape));
  const built = build(g, values);
  const outputs = (Array.isArray(built) ? built : [built]).map((value, index) => g.output(value, `out${index}`));
  const session = await createSession(compile(g));
  try {
    const feeds: Record<string, HostTensor> = {};
    for (const input of inputs) feeds[input.name] = { dtype: resolve(input), dims: input.shape, data: toTypedArray(input.data, resolve(input)) as TensorData };
    const result = await session.run(feeds);
    return outputs.map((output) => result[output.name]!);
  } finally {
    await session.release();
  }
}
