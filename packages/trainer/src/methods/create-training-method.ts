import { basename, resolve } from 'node:path';
import type { Tokenizer } from '@causal-tune/core';
import { baseWeightReader, methodTraining, type BaseModel, type FloatTensor, type StepInputs } from '@causal-tune/models';
import type { RunConfig } from '@causal-tune/runs';
import type { TrainingMethod } from './training-method.js';

/**
 * The run's tuning method, from models' list of methods: PEFT methods put their trainable
 * tensors on the graph through `applyPeft` and save a PEFT adapter; full fine-tuning feeds every
 * checkpoint weight as a trainable input and saves a whole model directory. adapter_config.json
 * names the base model by its directory's name, not by a path of the training machine.
 */
export function createTrainingMethod(config: RunConfig, model: BaseModel, tokenizer: Tokenizer): TrainingMethod {
  const base = baseWeightReader(model);
  const modelDirectory = resolve(config.model.path);
  const bound = methodTraining(config.method, { model: model.config, modelDirectory, baseModelName: basename(modelDirectory), seed: config.training.seed, tokenizer, base });
  let stepInputs: StepInputs | undefined;
  return {
    name: config.method.type,
    ...(bound.adapterConfig === undefined ? {} : { adapterConfig: bound.adapterConfig as TrainingMethod['adapterConfig'] }),
    layout: bound.layout,
    ...(bound.trainableWeights === undefined ? {} : { trainableWeights: bound.trainableWeights }),
    // Without frozen weights, a model in memory is its own float32 weights.
    initialTensors: (frozen) => bound.initialTensors(frozen ?? (typeof (model as { read?: unknown }).read === 'function' ? undefined : (model.weights as ReadonlyMap<string, FloatTensor>))),
    parameterize(g, weights, inputIds) {
      const result = bound.parameterize(g, weights, inputIds);
      stepInputs = result.stepInputs;
      return { trainable: result.trainable, hooks: result.hooks };
    },
    extraFeeds: ({ batch, seq, draw, training }) => stepInputs?.feeds({ batch, seq, seed: config.training.seed, draw, training }) ?? {},
    saveArtifact: (directory, trainable) => bound.save(directory, trainable),
  };
}
