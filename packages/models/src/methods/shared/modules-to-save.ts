import type { FloatTensor } from '../../checkpoint/tensor.js';
import { formatShape, shapesEqual } from '../../checkpoint/tensor.js';
import { familyOf, type ModelConfig } from '../../families/registry.js';
import type { FrozenTensor, FrozenWeights } from '../../weights/frozen-tensor.js';
import { incompatible, unsupportedPeft } from './errors.js';

// modules_to_save (PEFT's ModulesToSaveWrapper): whole modules trained beside the adapter and
// saved under their own names, `base_model.model.<module path>.<parameter>` (get_peft_model_state_dict
// with `modules_to_save.<adapter>` removed). When PEFT loads the adapter, those tensors replace the
// base model's. causal-tune does the same, on the graph and when merging, for every method.

/** Prefix of adapter tensor names: PeftModel.base_model (the tuner) .model (the transformers model). */
export const ADAPTER_KEY_PREFIX = 'base_model.model.';

/** An adapter's tensors split into the method's own and the modules_to_save replacements. */
export interface SplitAdapterTensors {
  readonly own: Map<string, FloatTensor>;
  /** Saved name -> tensor of the modules_to_save. */
  readonly saved: Map<string, FloatTensor>;
}

function savedModule(name: string, modules: readonly string[]): boolean {
  if (!name.startsWith(ADAPTER_KEY_PREFIX)) return false;
  const path = name.slice(ADAPTER_KEY_PREFIX.length).split('.').slice(0, -1).join('.');
  // PEFT: any(key.endswith(target_key) for target_key in modules_to_save).
  return modules.some((module) => path === module || path.endsWith(`.${module}`));
}

/** Sets the modules_to_save tensors of an adapter apart from the method's own. */
export function splitModulesToSave(modulesToSave: readonly string[] | null | undefined, tensors: ReadonlyMap<string, FloatTensor>): SplitAdapterTensors {
  const own = new Map<string, FloatTensor>();
  const saved = new Map<string, FloatTensor>();
  for (const [name, tensor] of tensors) (modulesToSave && savedModule(name, modulesToSave) ? saved : own).set(name, tensor);
  return { own, saved };
}

/**
 * The base weights that modules_to_save tensors replace, canonical name -> tensor, each checked
 * against the model (`ARTIFACT_INCOMPATIBLE` for an unknown weight or another shape). A
 * replaced output head that is tied to the token embedding is refused: PEFT unties it, and
 * causal-tune's tied head reads the embedding itself.
 */
export function modulesToSaveWeights(peftType: string, saved: ReadonlyMap<string, FloatTensor>, model: ModelConfig, source: string): Map<string, FloatTensor> {
  const family = familyOf(model);
  const expected = family.expectedWeights(model);
  const head = family.linearModules(model).find((module) => module.isOutputLayer);
  const replaced = new Map<string, FloatTensor>();
  for (const [name, tensor] of saved) {
    const canonical = family.canonicalWeightName(name.slice(ADAPTER_KEY_PREFIX.length));
    if (model.tieWordEmbeddings && head !== undefined && canonical === `${head.path}.weight`) {
      throw unsupportedPeft(peftType, [{ field: 'modules_to_save', reason: `saves '${head.path}', which this model ties to its token embedding; PEFT unties it on loading, causal-tune does not` }]);
    }
    const shape = expected.get(canonical);
    if (shape === undefined) throw incompatible(`${source} saves '${name}' for modules_to_save, but this ${model.modelType} model has no weight '${canonical}'.`, { source, tensor: name });
    if (!shapesEqual(shape, tensor.shape)) throw incompatible(`${source} saves '${name}' ${formatShape(tensor.shape)} for modules_to_save, but '${canonical}' of this model is ${formatShape(shape)}.`, { source, tensor: name });
    replaced.set(canonical, tensor);
  }
  return replaced;
}

/**
 * The frozen weights with an adapter's modules_to_save in place: the replaced tensors become
 * float32 in memory (they are a few norms or a head), the others stay as frozen.
 */
export function replaceFrozenWeights<W extends FrozenWeights | ReadonlyMap<string, FloatTensor>>(weights: W, replaced: ReadonlyMap<string, FloatTensor>): W {
  if (replaced.size === 0) return weights;
  if (weights instanceof Map) return new Map([...(weights as ReadonlyMap<string, FloatTensor>), ...[...replaced].map(([name, tensor]) => [name, { ...tensor, dtype: 'F32' as const, data: Float32Array.from(tensor.data) }] as const)]) as unknown as W;
  const frozen = weights as FrozenWeights;
  const tensors = new Map<string, FrozenTensor>(frozen.tensors);
  for (const [name, tensor] of replaced) tensors.set(name, { kind: 'float', dtype: 'float32', shape: tensor.shape, bytes: { data: Float32Array.from(tensor.data) } });
  return { ...frozen, tensors } as unknown as W;
}
