import type { ModelConfig } from '../families/registry.js';
import { parseAdapterConfig, saveAdapter } from './adapter-files.js';
import { applyPeft } from './apply-peft.js';
import { ToolkitError } from '@causal-tune/core';
import { methodNamed } from './registry.js';
import type { MethodTraining, MethodTrainingContext, PeftAdapterMethod, PeftConfigBase } from './tuning-method.js';

/**
 * How a run trains a PEFT method, the same for every one: the adapter config of its options
 * (filled from the base model as PEFT fills it), the trainable tensors as graph inputs through
 * `applyPeft`, and an adapter directory in PEFT's format at the end.
 */
function adapterTraining<Config extends PeftConfigBase, Options>(method: PeftAdapterMethod<Config, Options>, options: Options, context: MethodTrainingContext): MethodTraining {
  const model: ModelConfig = context.model;
  const config = parseAdapterConfig(method.fromOptions(options, model, { baseModelName: context.baseModelName }), `The ${method.peftType} adapter config of the run`) as unknown as Config;
  method.check(config, model, 'training');
  return {
    adapterConfig: config,
    layout: method.layout(config, model),
    initialTensors: (frozen) => method.initialTensors(config, model, { seed: context.seed, tokenizer: context.tokenizer, base: context.base, ...(frozen === undefined ? {} : { frozen }) }),
    parameterize(g, _weights, inputIds) {
      const result = applyPeft(g, model, { config: config as never, tensors: 'trainable' }, { inputIds });
      return { trainable: result.trainable, hooks: result.hooks, ...(result.stepInputs === undefined ? {} : { stepInputs: result.stepInputs }) };
    },
    async save(directory, trainable) {
      await saveAdapter(directory, { config, tensors: await method.toSaved(config, model, trainable) }, { model });
    },
  };
}

/**
 * A tuning method bound to a run, from the run config's `method` section: what the trainer's
 * loop needs of it. Unknown names are `TRAIN_METHOD_UNKNOWN`.
 *
 * @example
 * const method = methodTraining(config.method, { model: model.config, modelDirectory, baseModelName: 'stories260K', seed: 42, tokenizer, base: baseWeightReader(model) });
 */
export function methodTraining(options: { readonly type: string } & Readonly<Record<string, unknown>>, context: MethodTrainingContext): MethodTraining {
  const method = methodNamed(options.type);
  if (method === undefined) throw new ToolkitError('TRAIN_METHOD_UNKNOWN', `The method '${options.type}' is not one causal-tune trains.`, { details: { method: options.type } });
  if (method.adapter !== undefined) return adapterTraining(method.adapter, options, context);
  return method.training!(options, context);
}
