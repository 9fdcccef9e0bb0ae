import { ToolkitError } from '@causal-tune/core';
import { GraphBuilder, compile, createSession, type Value } from '@causal-tune/graph';
import type { FloatTensor } from '../../../checkpoint/tensor.js';
import type { LinearModule } from '../../../config/weight-spec.js';
import { createWeightSource } from '../../../forward/weight-sources.js';
import type { FrozenWeights } from '../../../weights/frozen-tensor.js';
import type { InitContext } from '../../tuning-method.js';

/**
 * ‖W + ΔW‖ of each output row [out], W and ΔW [out, in] (peft/tuners/lora/dora.py
 * get_weight_norm: the norm over the input dimension of the nn.Linear layout).
 */
export function rowNorms(g: GraphBuilder, weight: Value, delta: Value): Value {
  return g.sqrt(g.reduceSum(g.pow(g.add(weight, delta), 2), [1], false));
}

/** One DoRA module at initialisation: its A, B and scaling. */
export interface DoraStart {
  readonly module: LinearModule;
  readonly scaling: number;
  readonly a: FloatTensor;
  readonly b: FloatTensor;
}

/** The frozen weights a DoRA start reads: as the forward graph reads them, else the base weights in float32. */
async function weightsOf(modules: readonly DoraStart[], context: InitContext): Promise<FrozenWeights | ReadonlyMap<string, FloatTensor>> {
  if (context.frozen !== undefined) return context.frozen;
  if (context.base === undefined) {
    throw new ToolkitError('INTERNAL_ASSERTION', "DoRA's magnitudes are the norms of the frozen weights, but neither the frozen nor the base weights were given to initialTensors.");
  }
  const base = context.base;
  return new Map(await Promise.all(modules.map(async ({ module }) => [module.weightName, await base.read(module.weightName)] as const)));
}

/**
 * DoRA's starting magnitudes ‖W + scaling·B·A‖ per output row (DoraLinearLayer.update_layer),
 * computed by onnxruntime from the weights exactly as the forward graph dequantizes or casts
 * them, so the first step's output is the base model's whatever the precision.
 */
export async function initialMagnitudes(modules: readonly DoraStart[], context: InitContext): Promise<Float32Array[]> {
  const g = new GraphBuilder({ name: 'dora-magnitudes' });
  const source = createWeightSource(g, await weightsOf(modules, context));
  // A dynamic length, so that onnxruntime cannot fold the anchored weights into constants.
  const anchor = g.input('anchor', 'float32', ['anchor']);
  modules.forEach(({ module, scaling, a, b }, index) => {
    const aValue = g.initializer(`dora/${index}/lora_A`, a.data, a.shape, 'float32'); // [r, in]
    const bValue = g.initializer(`dora/${index}/lora_B`, b.data, b.shape, 'float32'); // [out, r]
    const delta = g.mul(g.matMul(bValue, aValue), scaling); // [out, in]
    g.output(rowNorms(g, source.dense(module, anchor), delta), `magnitude_${index}`);
  });
  const session = await createSession(compile(g), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const result = await session.run({ anchor: { dtype: 'float32', dims: [1], data: new Float32Array(1) } });
    return modules.map((_start, index) => Float32Array.from(result[`magnitude_${index}`]!.data as Float32Array));
  } finally {
    await session.release();
  }
}
