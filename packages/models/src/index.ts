/**
 * @causal-tune/models: model directories (Hugging Face checkpoints, configs, tokenizers), the
 * model families and their forward graphs, frozen weights in a precision, and the tuning methods
 * (PEFT adapters on those graphs, in Python PEFT's format). Exports what the other packages use.
 */

// Model directories (Hugging Face layout)
export { loadModel } from './checkpoint/load-model.js';
export { openModel } from './checkpoint/open-model.js';
export type { StoredModel } from './checkpoint/open-model.js';
export { saveModel } from './checkpoint/save-model.js';
export type { ModelCheckpoint } from './checkpoint/model-weights.js';
export { readSafetensors } from './checkpoint/safetensors-reader.js';
export { writeSafetensors } from './checkpoint/safetensors-writer.js';
export type { FloatDtype, FloatTensor } from './checkpoint/tensor.js';

// Model configs and families
export { toHfConfig, loadModelConfig } from './config/parse-model-config.js';
export { eosTokenIds } from './config/model-config.js';
export { MODEL_FAMILIES, MODEL_ARCHITECTURES, countParameters, expectedWeights } from './families/registry.js';
export type { ModelConfig } from './families/registry.js';

// Frozen weights in a precision (fp32, fp16, bf16, q8, q4)
export { WEIGHT_PRECISION_NAMES, precisionOfDtype } from './weights/weight-precision.js';
export type { WeightPrecision } from './weights/weight-precision.js';
export { freezeStoredModel } from './weights/freeze-stored-model.js';
export type { FrozenWeights } from './weights/frozen-tensor.js';

// Forward graphs
export { buildForward } from './forward/build-forward.js';
export { buildLmHead } from './forward/lm-head.js';
export { createWeightSource } from './forward/weight-sources.js';
export type { ForwardHooks, KeyValue } from './forward/forward-types.js';

// Tokenizers
export { loadTokenizer } from './tokenizer/load-tokenizer.js';
export type { LoadedTokenizer } from './tokenizer/load-tokenizer.js';

// Seeded random models
export { createTinyModel, createModelConfig } from './factory/create-tiny-model.js';
export { writeRandomModel } from './factory/write-random-model.js';
export { MODEL_PRESET_NAMES } from './factory/model-presets.js';

// Tuning methods
export { TUNING_METHODS, METHOD_NAMES, methodNamed, methodConfigSchema } from './methods/registry.js';
export type { MethodTraining, StepInputs } from './methods/tuning-method.js';
export { methodTraining } from './methods/method-training.js';
export { baseWeightReader } from './methods/base-weights.js';
export type { BaseModel } from './methods/base-weights.js';
export { PLAIN_LAYOUT, layoutBatch, maskTensor, positionIdsFor, virtualTokensOf } from './methods/sequence-layout.js';
export type { SequenceLayout } from './methods/sequence-layout.js';

// PEFT adapters
export { saveAdapter, loadAdapter, parseAdapterConfig, expectedAdapterTensors, ADAPTER_CONFIG_NAME } from './methods/adapter-files.js';
export type { Adapter } from './methods/adapter-files.js';
export { applyPeft } from './methods/apply-peft.js';
export type { PeftSpec } from './methods/apply-peft.js';
export { adapterWeights } from './methods/adapter-weights.js';
export { mergeLora } from './methods/lora/merge.js';
