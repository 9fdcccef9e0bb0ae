import { GraphBuilder, gradients, type Value } from '@causal-tune/graph';
import type { LossType } from '@causal-tune/runs';
import { buildForward, buildLmHead, createWeightSource, expectedWeights, type FloatTensor, type ForwardHooks, type FrozenWeights, type ModelConfig } from '@causal-tune/models';
import { weightedCrossEntropy } from './token-loss.js';

/** The trainable tensors of a method, as graph inputs, and how they change the forward pass. */
export interface Parameterization {
  /** Trainable graph inputs by name (PEFT tensor names, or checkpoint names for full fine-tuning). */
  readonly trainable: ReadonlyMap<string, Value>;
  readonly hooks: ForwardHooks;
}

/** What {@link buildTrainingGraph} needs. */
export interface TrainingGraphOptions {
  readonly config: ModelConfig;
  /** The frozen base weights in their precision (float32 tensors in memory are taken as fp32). */
  readonly weights: FrozenWeights | ReadonlyMap<string, FloatTensor>;
  /** Creates the method's trainable inputs in `g`; `full` passes the checkpoint names to train. */
  readonly parameterize: (g: GraphBuilder, weights: ReturnType<typeof createWeightSource>, inputIds: Value) => Parameterization;
  /** Checkpoint tensors that are trainable graph inputs (full fine-tuning), the rest are frozen. */
  readonly trainableWeights?: ReadonlySet<string>;
  /** First token ids of the verbalizer's words, in class order. */
  readonly labelTokenIds: readonly number[];
  readonly lossType: LossType;
  /** Recompute each decoder layer's activations in the backward pass (gradient checkpointing). */
  readonly gradientCheckpointing?: boolean;
}

/** A compiled-ready training graph and the names of its parts. */
export interface TrainingGraph {
  readonly graph: GraphBuilder;
  /** Trainable tensor names in a fixed order, with shapes; gradients are `grad/<name>`. */
  readonly trainable: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

/**
 * The one graph a run trains and evaluates with: the forward pass with the method's trainable
 * inputs, the weighted cross-entropy of the chosen rows, its gradients towards the trainable
 * tensors only, and the verbalizer logits at each example's answer position (for accuracy).
 * Evaluation fetches `loss` and `class_logits` only, and onnxruntime then skips the backward nodes.
 *
 * Inputs: input_ids, attention_mask, position_ids [batch, ·] int64; loss_positions,
 * loss_targets [n] int64; loss_weights [n] float32; answer_positions [batch] int64 (indices into
 * the flattened [batch · seq'] states); the trainable tensors.
 * Outputs: loss [], class_logits [batch, labels], grad/<name> per trainable tensor.
 */
export function buildTrainingGraph(options: TrainingGraphOptions): TrainingGraph {
  const { config } = options;
  const g = new GraphBuilder({ name: 'training' });
  const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'keys']);
  const positionIds = g.input('position_ids', 'int64', ['batch', 'queries']);
  const lossPositions = g.input('loss_positions', 'int64', ['rows']);
  const lossTargets = g.input('loss_targets', 'int64', ['rows']);
  const lossWeights = g.input('loss_weights', 'float32', ['rows']);
  const answerPositions = g.input('answer_positions', 'int64', ['batch']);
  const shapes = expectedWeights(config);
  const trainableWeights = options.trainableWeights === undefined ? undefined : new Map([...options.trainableWeights].map((name) => [name, shapes.get(name)!] as const));
  const weights = createWeightSource(g, options.weights, trainableWeights ? { trainable: trainableWeights } : {});
  const { trainable, hooks } = options.parameterize(g, weights, inputIds);
  const { hidden, layerInputs } = buildForward(g, config, weights, { inputIds, attentionMask, positionIds }, hooks);
  const labelIds = g.constant(options.labelTokenIds as number[], 'int64');
  const classLogits = buildLmHead(g, config, weights, hidden, { positions: answerPositions, tokenIds: labelIds });
  const logits = options.lossType === 'label-word' ? buildLmHead(g, config, weights, hidden, { positions: lossPositions, tokenIds: labelIds }) : buildLmHead(g, config, weights, hidden, { positions: lossPositions });
  const loss = weightedCrossEntropy(g, logits, lossTargets, lossWeights);
  // Full fine-tuning feeds checkpoint tensors as inputs; they are trainable too.
  const all = new Map([...weights.inputs, ...trainable]);
  const names = [...all.keys()];
  const grads = gradients(g, loss, names.map((name) => all.get(name)!), options.gradientCheckpointing ? { checkpoints: layerInputs } : {});
  g.output(loss, 'loss');
  g.output(classLogits, 'class_logits');
  grads.forEach((grad) => g.output(grad));
  return { graph: g, trainable: names.map((name) => ({ name, shape: all.get(name)!.shape as number[] })) };
}
