import { ToolkitError, assert } from '@causal-tune/core';
import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { formatShape, shapesEqual } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import type { ForwardHooks } from '../forward/forward-types.js';
import { validateAdapterTensors } from './adapter-files.js';
import { adapterMethodOf, type AdapterConfig } from './registry.js';
import type { SequenceLayout } from './sequence-layout.js';
import { splitModulesToSave } from './shared/modules-to-save.js';
import type { StepInputs } from './tuning-method.js';

/**
 * A PEFT adapter to put on a forward graph: its parsed adapter_config.json and either the
 * adapter's tensors by PEFT name (inference: they become initializers, so a loaded
 * {@link Adapter} is a `PeftSpec` as it is) or `'trainable'` (training: the method's trainable
 * tensors become float32 graph inputs).
 */
export interface PeftSpec {
  readonly config: AdapterConfig;
  readonly tensors: ReadonlyMap<string, FloatTensor> | 'trainable';
}

/** Options of {@link applyPeft}. */
export interface ApplyPeftOptions {
  /** The forward pass's token ids [batch, seq]; prefix tuning needs them for the batch size of its keys and values. */
  readonly inputIds?: Value;
  /** Whether step inputs (LoRA dropout keep-masks) are graph inputs. Default: when the spec is `'trainable'`. An inference graph never drops. */
  readonly dropout?: boolean;
}

/** What {@link applyPeft} adds to a graph. */
export interface ApplyPeftResult {
  /** Pass to `buildForward`. */
  readonly hooks: ForwardHooks;
  /** Trainable graph inputs by name (empty for inference), in the method's order. */
  readonly trainable: ReadonlyMap<string, Value>;
  readonly layout: SequenceLayout;
  /** Inputs fed with every training step besides the batch (LoRA dropout masks). */
  readonly stepInputs?: StepInputs;
  /** Prompt learning: the virtual tokens' embeddings as the forward pass uses them (what PEFT saves as `prompt_embeddings`). */
  readonly promptEmbeddings?: Value;
}

/**
 * Puts a PEFT adapter on a forward graph with Python PEFT's semantics, through its method's
 * descriptor (methods/<name>/method.ts), returning the hooks for `buildForward` and, for
 * training, the trainable graph inputs. What the graph cannot compute as PEFT does is refused
 * before anything is added. An adapter's modules_to_save replace base weights: build the weight
 * source over `replaceFrozenWeights(weights, modulesToSaveWeights(...))` (loadAdapterModel in
 * inference does).
 *
 * @example
 * const adapter = await loadAdapter('runs/court/adapter', { model: model.config });
 * const g = new GraphBuilder({ name: 'predict' });
 * const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
 * const attentionMask = g.input('attention_mask', 'int64', ['batch', 'keys']);
 * const positionIds = g.input('position_ids', 'int64', ['batch', 'queries']);
 * const { hooks } = applyPeft(g, model.config, adapter, { inputIds });
 * const weights = createWeightSource(g, model.weights);
 * const { hidden } = buildForward(g, model.config, weights, { inputIds, attentionMask, positionIds }, hooks);
 * g.output(buildLmHead(g, model.config, weights, hidden), 'logits');
 */
export function applyPeft(g: GraphBuilder, model: ModelConfig, spec: PeftSpec, options: ApplyPeftOptions = {}): ApplyPeftResult {
  const { config } = spec;
  const method = adapterMethodOf(config.peft_type);
  assert(method !== undefined, () => `applyPeft: no method reads peft_type ${config.peft_type}.`);
  const training = spec.tensors === 'trainable';
  method.check(config as never, model, training ? 'training' : 'inference');
  const layout = method.layout(config as never, model);
  if (layout.kind === 'prefix' && options.inputIds === undefined) {
    throw new ToolkitError('USAGE_INVALID', "applyPeft: prefix tuning needs options.inputIds (the forward pass's token ids) for the batch size of its keys and values.");
  }
  let shapes: Map<string, number[]>;
  let tensors: ReadonlyMap<string, FloatTensor> | undefined;
  if (spec.tensors === 'trainable') shapes = method.trainableShapes(config as never, model);
  else {
    validateAdapterTensors(config, spec.tensors, { model });
    tensors = splitModulesToSave(config.modules_to_save, spec.tensors).own;
    shapes = new Map([...tensors].map(([name, tensor]) => [name, [...tensor.shape]]));
  }
  const trainable = new Map<string, Value>();
  const created = new Map<string, Value>();
  const tensor = (name: string): Value => {
    const existing = created.get(name);
    if (existing) return existing;
    const shape = shapes.get(name);
    assert(shape !== undefined, () => `applyPeft asked for '${name}', which this ${config.peft_type} adapter does not have.`);
    let value: Value;
    if (tensors === undefined) {
      value = g.input(name, 'float32', shape);
      trainable.set(name, value);
    } else {
      const stored = tensors.get(name)!;
      if (!shapesEqual(stored.shape, shape)) {
        throw new ToolkitError('MODEL_TENSOR_SHAPE_MISMATCH', `Adapter tensor '${name}' has shape ${formatShape(stored.shape)}, but the model needs ${formatShape(shape)}.`, { details: { tensor: name, expected: [...shape], actual: [...stored.shape] } });
      }
      value = g.initializer(name, stored.data, shape, 'float32');
    }
    created.set(name, value);
    return value;
  };
  // Training: every trainable input exists now, in the method's order.
  if (training) for (const name of shapes.keys()) tensor(name);
  const graph = method.buildGraph(g, config as never, { model, tensor, training, dropout: options.dropout ?? training, ...(options.inputIds === undefined ? {} : { inputIds: options.inputIds }) });
  return {
    hooks: graph.hooks,
    trainable,
    layout,
    ...(graph.stepInputs === undefined ? {} : { stepInputs: graph.stepInputs }),
    ...(graph.promptEmbeddings === undefined ? {} : { promptEmbeddings: graph.promptEmbeddings }),
  };
}
