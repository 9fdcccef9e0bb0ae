import type { Tokenizer } from '@causal-tune/core';
import type { HostTensor } from '@causal-tune/graph';
import {
  adapterTensorsFromTrainable,
  applyPeft,
  initialPeftTensors,
  loraDropoutFeeds,
  parseAdapterConfig,
  saveAdapter,
  saveModel,
  type FloatTensor,
  type LoraDropout,
} from '@causal-tune/models';
import type { TrainConfig } from '../config/train-config.js';
import { adapterConfigFor, wordEmbeddingName } from './adapter-config-for.js';
import { baseWeightReader, type BaseModel } from './base-model.js';
import type { TrainingMethod } from './training-method.js';

/**
 * The run's fine-tuning method: PEFT methods put `applyPeft`'s trainable inputs on the graph
 * and save a PEFT adapter; full fine-tuning feeds every checkpoint tensor as a trainable input
 * and saves a whole Hugging Face model directory.
 */
export function createTrainingMethod(config: TrainConfig, model: BaseModel, tokenizer: Tokenizer): TrainingMethod {
  const method = config.method;
  const base = baseWeightReader(model);
  if (method.type === 'full') {
    return {
      name: 'full',
      layout: { kind: 'none', virtualTokens: 0 },
      // Copies: the optimizer updates them in place.
      async initialTensors() {
        const tensors = new Map<string, FloatTensor>();
        for (const name of base.names) {
          const tensor = await base.read(name);
          tensors.set(name, { dtype: 'F32', shape: tensor.shape, data: Float32Array.from(tensor.data) });
        }
        return tensors;
      },
      parameterize: () => ({ trainable: new Map(), hooks: {} }),
      trainableWeights: new Set(base.names),
      extraFeeds: () => ({}),
      async saveArtifact(directory, trainable) {
        await saveModel(directory, { config: model.config, weights: trainable }, { tokenizerDir: config.model.path });
      },
    };
  }
  const adapterConfig = parseAdapterConfig(adapterConfigFor(method, model.config, config.model.path));
  let dropout: LoraDropout | undefined;
  const virtualTokens = method.type === 'lora' ? 0 : method.numVirtualTokens;
  return {
    name: method.type,
    layout: { kind: method.type === 'lora' ? 'none' : method.type === 'prefix-tuning' ? 'prefix' : 'prompt', virtualTokens },
    async initialTensors() {
      // Prompt tuning's TEXT and SAMPLE_VOCAB starts read the token embeddings, once.
      const needsEmbeddings = method.type === 'prompt-tuning' && method.init !== 'RANDOM';
      const embeddings = needsEmbeddings ? await base.read(wordEmbeddingName(model.config)) : undefined;
      return initialPeftTensors(adapterConfig, model.config, { seed: config.training.seed, tokenizer, ...(embeddings ? { wordEmbeddings: embeddings } : {}) });
    },
    parameterize(g, _weights, inputIds) {
      const result = applyPeft(g, model.config, { config: adapterConfig, tensors: 'trainable' }, { inputIds });
      dropout = result.loraDropout;
      return { trainable: result.trainable, hooks: result.hooks };
    },
    extraFeeds({ batch, seq, draw, training }): Record<string, HostTensor> {
      return dropout ? loraDropoutFeeds(dropout, { batch, seq, seed: config.training.seed, draw, training }) : {};
    },
    async saveArtifact(directory, trainable: ReadonlyMap<string, FloatTensor>) {
      await saveAdapter(directory, { config: adapterConfig, tensors: await adapterTensorsFromTrainable(adapterConfig, model.config, trainable) }, { model: model.config });
    },
  };
}
