import { z } from 'zod';
import type { FloatTensor } from '../../../checkpoint/tensor.js';
import { ADAPTER_KEY_PREFIX } from '../../shared/modules-to-save.js';
import type { LoraVariant } from '../variant.js';
import { initialMagnitudes, rowNorms } from './weight-norm.js';

// DoRA, weight-decomposed LoRA (https://arxiv.org/abs/2402.09353), as PEFT computes it
// (peft/tuners/lora/dora.py DoraLinearLayer, variants.py DoraLinearVariant): each output row of
// W + scaling·B·A is rescaled to a trained magnitude m,
//   y = base(x) + (m / ‖W + scaling·B·A‖ − 1) · (x·Wᵀ) + (m / ‖W + scaling·B·A‖) · scaling · B·A·x,
// with the norm detached from the backward pass (paper § 4.3). With dropout, both products read
// the dropped input, as PEFT's training forward does.

/** The saved name of a module's magnitude (PEFT saves `lora_magnitude_vector` without `.weight`). */
export function magnitudeName(modulePath: string): string {
  return `${ADAPTER_KEY_PREFIX}${modulePath}.lora_magnitude_vector`;
}

/** DoRA (LoraConfig.use_dora): `ctune train --method lora --use-dora`. */
export const doraVariant: LoraVariant<'use_dora', 'useDora'> = {
  name: 'dora',
  configFlag: 'use_dora',
  configFlagSchema: z.boolean().default(false).describe('DoRA: rescale each output row of the adapted weight to a trained magnitude (lora_magnitude_vector).'),
  optionName: 'useDora',
  optionSchema: z.boolean().default(false).describe('DoRA (PEFT use_dora): LoRA with a trained magnitude per output row of each adapted weight.').meta({ title: 'DoRA' }),
  tensorShapes: (module) => new Map([[magnitudeName(module.path), [module.outFeatures]]]),
  async initialTensors(modules, lora, _model, context) {
    const starts = modules.map(({ module, scaling }) => {
      const prefix = `${ADAPTER_KEY_PREFIX}${module.path}`;
      return { module, scaling, a: lora.get(`${prefix}.lora_A.weight`)!, b: lora.get(`${prefix}.lora_B.weight`)! };
    });
    const norms = await initialMagnitudes(starts, context);
    return new Map(modules.map(({ module }, index): [string, FloatTensor] => [magnitudeName(module.path), { dtype: 'F32', shape: [module.outFeatures], data: norms[index]! }]));
  },
  output(g, site, update) {
    const { module, input, dropped, lora, scaling, a, b } = update;
    const magnitude = update.tensor(magnitudeName(module.path)); // [out]
    const delta = g.mul(g.matMul(g.stopGradient(b), g.stopGradient(a)), scaling); // [out, in]
    const norm = g.stopGradient(rowNorms(g, site.weight(lora), delta)); // [out]
    const ratio = g.div(magnitude, norm); // [out]
    const product = dropped ? site.project(input) : site.product(); // [..., out], no bias
    return g.add(site.output(), g.add(g.mul(product, g.sub(ratio, 1)), g.mul(lora, g.mul(ratio, scaling))));
  },
  // DoraLinearVariant.merge_safe: W' = m / ‖W + ΔW‖ · (W + ΔW), row by row.
  mergedWeight(base, delta, module, tensors) {
    const magnitude = tensors.get(magnitudeName(module.path))!.data;
    const { inFeatures, outFeatures } = module;
    const merged = new Float32Array(base.length);
    for (let row = 0; row < outFeatures; row += 1) {
      let sum = 0;
      for (let column = 0; column < inFeatures; column += 1) {
        const value = base[row * inFeatures + column]! + delta[row * inFeatures + column]!;
        merged[row * inFeatures + column] = value;
        sum += value * value;
      }
      const factor = magnitude[row]! / Math.sqrt(sum);
      for (let column = 0; column < inFeatures; column += 1) merged[row * inFeatures + column] = factor * merged[row * inFeatures + column]!;
    }
    return merged;
  },
};
