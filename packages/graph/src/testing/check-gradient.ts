import { ToolkitError } from '@causal-tune/core';
import { gradients } from '../autodiff/gradients.js';
import { type DType, type TensorData, toTypedArray } from '../builder/dtype.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { formatShape, knownSize } from '../builder/shape.js';
import type { Value } from '../builder/value.js';
import { compile } from '../onnx/compile.js';
import { type GraphSession, type HostTensor, createSession } from '../runtime/graph-session.js';

/** One input of a gradient check. Floating inputs take the check's dtype. */
export interface CheckInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: readonly number[] | readonly bigint[];
  /** `'float'` (default) follows the check's dtype; integer and bool inputs get no gradient. */
  readonly dtype?: 'float' | 'int64' | 'int32' | 'bool';
  /** Default true for floating inputs. */
  readonly requiresGrad?: boolean;
}

/** Options of {@link checkGradient}. */
export interface CheckGradientOptions {
  /** Default `'float64'`, falling back to float32 where onnxruntime's CPU kernels lack doubles. */
  readonly dtype?: 'float64' | 'float32';
  readonly epsilon?: number;
  readonly rtol?: number;
  readonly atol?: number;
}

/** Result of a gradient check; `maxError` is the worst |analytic − numeric| − tolerance excess. */
export interface GradientCheckResult {
  readonly ok: boolean;
  readonly dtype: 'float64' | 'float32';
  readonly failures: readonly { readonly input: string; readonly index: number; readonly analytic: number; readonly numeric: number }[];
  readonly checked: number;
}

/**
 * Compares the autodiff gradients of `build` with central finite differences. The output is
 * reduced to a scalar with fixed pseudo-random weights, so every output element matters.
 * Float64 uses eps 1e-6 and rtol 1e-5; float32 eps 1e-3 and rtol 1e-2 (STYLE.md).
 */
export async function checkGradient(build: (g: GraphBuilder, inputs: Value[]) => Value, inputs: readonly CheckInput[], options: CheckGradientOptions = {}): Promise<GradientCheckResult> {
  const preferred = options.dtype ?? 'float64';
  try {
    return await checkWithDtype(build, inputs, preferred, options);
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (preferred === 'float64' && /NOT_IMPLEMENTED|Could not find an implementation|not supported|Type Error|type.*double/i.test(message)) {
      return checkWithDtype(build, inputs, 'float32', {});
    }
    throw error;
  }
}

async function checkWithDtype(build: (g: GraphBuilder, inputs: Value[]) => Value, inputs: readonly CheckInput[], dtype: 'float64' | 'float32', options: CheckGradientOptions): Promise<GradientCheckResult> {
  const epsilon = options.epsilon ?? (dtype === 'float64' ? 1e-6 : 1e-3);
  const rtol = options.rtol ?? (dtype === 'float64' ? 1e-5 : 1e-2);
  const atol = options.atol ?? (dtype === 'float64' ? 1e-7 : 1e-3);
  const g = new GraphBuilder({ name: 'gradient-check' });
  const dtypeOf = (input: CheckInput): DType => (input.dtype === undefined || input.dtype === 'float' ? dtype : input.dtype);
  const values = inputs.map((input) => g.input(input.name, dtypeOf(input), input.shape));
  const output = build(g, values);
  const size = knownSize(output.shape);
  if (size === undefined) throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `checkGradient: the output must have a static shape, but got ${formatShape(output.shape)}.`);
  const weights = g.constant(pseudoRandom(size, 7), dtype, output.shape as number[]);
  const loss = g.reduceSum(g.mul(g.cast(output, dtype), weights), [], false);
  const trainable = inputs.map((input, index) => ({ input, value: values[index]! })).filter(({ input }) => (input.dtype ?? 'float') === 'float' && input.requiresGrad !== false);
  const grads = gradients(g, loss, trainable.map(({ value }) => value));
  g.output(loss, 'loss');
  grads.forEach((grad) => g.output(grad));
  const session = await createSession(compile(g));
  try {
    const feeds: Record<string, HostTensor> = {};
    inputs.forEach((input) => {
      feeds[input.name] = { dtype: dtypeOf(input), dims: input.shape, data: toTypedArray(input.data, dtypeOf(input)) };
    });
    const analytic = await session.run(feeds);
    const failures: { input: string; index: number; analytic: number; numeric: number }[] = [];
    let checked = 0;
    for (const [position, { input }] of trainable.entries()) {
      const grad = analytic[grads[position]!.name]!.data as Float64Array | Float32Array;
      const data = feeds[input.name]!.data as Float64Array | Float32Array;
      for (let index = 0; index < data.length; index += 1) {
        const original = data[index]!;
        data[index] = original + epsilon;
        const plus = await lossAt(session, feeds);
        data[index] = original - epsilon;
        const minus = await lossAt(session, feeds);
        data[index] = original;
        const numeric = (plus - minus) / (2 * epsilon);
        checked += 1;
        if (!(Math.abs(grad[index]! - numeric) <= atol + rtol * Math.abs(numeric))) failures.push({ input: input.name, index, analytic: grad[index]!, numeric });
      }
    }
    return { ok: failures.length === 0, dtype, failures, checked };
  } finally {
    await session.release();
  }
}

async function lossAt(session: GraphSession, feeds: Record<string, HostTensor>): Promise<number> {
  const { loss } = await session.run(feeds, ['loss']);
  return Number((loss!.data as TensorData)[0]);
}

/** Deterministic values in [-1, 1) (a small LCG), for weights and test inputs. */
export function pseudoRandom(count: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}
