// Model directories (Hugging Face layout)
export { loadModel } from './checkpoint/load-model.js';
export { openModel } from './checkpoint/open-model.js';
export type { StoredModel, WeightLocation } from './checkpoint/open-model.js';
export { saveModel, TOKENIZER_FILES } from './checkpoint/save-model.js';
export type { SaveModelOptions } from './checkpoint/save-model.js';
export { validateModelWeights } from './checkpoint/model-weights.js';
export type { ModelCheckpoint, ValidateWeightsOptions } from './checkpoint/model-weights.js';

// Safetensors
export { readSafetensors, parseSafetensors, openSafetensors, readTensor } from './checkpoint/safetensors-reader.js';
export type { SafetensorsFile, SafetensorsLayout, TensorLocation } from './checkpoint/safetensors-reader.js';
export { writeSafetensors, serializeSafetensors, tensorDataSizeBytes } from './checkpoint/safetensors-writer.js';
export type { SafetensorsWriteOptions, WritableTensor, WritableTensors } from './checkpoint/safetensors-writer.js';
export {
  readCheckpointTensors,
  openCheckpointTensors,
  openShardedSafetensors,
  writeCheckpointTensors,
  safetensorsIndexSchema,
  SAFETENSORS_INDEX_NAME,
  SAFETENSORS_WEIGHTS_NAME,
} from './checkpoint/sharded-checkpoint.js';
export type { CheckpointLayout, CheckpointWriteOptions, SafetensorsIndex } from './checkpoint/sharded-checkpoint.js';

// Frozen weights in a precision (fp32, fp16, bf16, q8, q4)
export { WEIGHT_PRECISIONS, WEIGHT_PRECISION_NAMES, Q4_BLOCK_SIZE, Q8_BLOCK_SIZE, parseWeightPrecision, precisionOfDtype } from './weights/weight-precision.js';
export type { WeightPrecision } from './weights/weight-precision.js';
export { freezeWeights } from './weights/freeze-weights.js';
export type { FreezeWeightsOptions } from './weights/freeze-weights.js';
export { freezeStoredModel, IN_MEMORY_LIMIT_BYTES, PREPARE_WEIGHTS_TASK } from './weights/freeze-stored-model.js';
export type { FreezeStoredModelOptions } from './weights/freeze-stored-model.js';
export { defaultWeightCacheDir } from './weights/weight-cache.js';
export { frozenTensorBytes } from './weights/frozen-tensor.js';
export type { FrozenFloatTensor, FrozenQ4Tensor, FrozenQ8Tensor, FrozenTensor, FrozenWeights, TensorBytes } from './weights/frozen-tensor.js';
export {
  FLOAT_DTYPES,
  SAFETENSORS_DTYPES,
  DTYPE_SIZE_BYTES,
  elementCount,
  formatShape,
  isFloatDtype,
  isFloatTensor,
  shapesEqual,
} from './checkpoint/tensor.js';
export type { FloatDtype, FloatTensor, Int32Tensor, Int64Tensor, SafetensorsDtype, SafetensorsTensor } from './checkpoint/tensor.js';
export {
  bfloat16BitsToFloat32,
  float16BitsToFloat32,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from './checkpoint/float-conversion.js';

// Model configs and families
export { parseModelConfig, toHfConfig, loadModelConfig } from './config/parse-model-config.js';
export { eosTokenIds } from './config/model-config.js';
export { MODEL_FAMILIES, MODEL_ARCHITECTURES, familyOf, supportedModelTypes, expectedWeights, linearModules, countParameters } from './families/registry.js';
export type { ModelArchitecture, ModelConfig } from './families/registry.js';
export type { ModelFamily } from './families/model-family.js';
export type { LinearModule, WeightShapes } from './config/weight-spec.js';

// Forward graphs
export { buildForward } from './forward/build-forward.js';
export { buildLmHead, lmHeadModule, lmHeadWeightName } from './forward/lm-head.js';
export type { LmHeadOptions } from './forward/lm-head.js';
export { createWeightSource } from './forward/weight-sources.js';
export type { WeightSourceOptions } from './forward/weight-sources.js';
export { buildAttentionMask, positionIdsFromMask } from './forward/attention-mask.js';
export type { AttentionMask } from './forward/attention-mask.js';
export type { ForwardHooks, ForwardInputs, ForwardOutputs, KeyValue, WeightSource } from './forward/forward-types.js';

// Tokenizers
export { loadTokenizer, REQUIRED_TOKENIZER_FILES } from './tokenizer/load-tokenizer.js';
export type { LoadedTokenizer } from './tokenizer/load-tokenizer.js';

// Seeded random models
export { createTinyModel, createModelConfig, initializeWeights } from './factory/create-tiny-model.js';
export { writeRandomModel, WRITE_MODEL_TASK } from './factory/write-random-model.js';
export type { WriteRandomModelOptions, WrittenModel } from './factory/write-random-model.js';
export type { CreateModelOptions, TokenizerVocabulary } from './factory/create-tiny-model.js';
export { MODEL_PRESET_NAMES } from './factory/model-presets.js';
export type { ModelPresetName } from './factory/model-presets.js';

// PEFT adapter files
export { saveAdapter, loadAdapter, parseAdapterConfig, ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME } from './peft/adapter-io.js';
export type { Adapter, AdapterInput, AdapterIoOptions } from './peft/adapter-io.js';
export {
  adapterConfigSchema,
  loraAdapterConfigSchema,
  promptTuningAdapterConfigSchema,
  pTuningAdapterConfigSchema,
  prefixTuningAdapterConfigSchema,
  PEFT_TYPES,
} from './peft/adapter-config.js';
export type {
  AdapterConfig,
  AdapterConfigInput,
  LoraAdapterConfig,
  PeftType,
  PrefixTuningAdapterConfig,
  PromptLearningAdapterConfig,
  PromptTuningAdapterConfig,
  PTuningAdapterConfig,
} from './peft/adapter-config.js';
export {
  expectedAdapterTensors,
  validateAdapterTensors,
  resolvePromptLearningDims,
  promptLearningDimsOf,
  promptEmbeddingsShape,
  loraTensorNames,
  PROMPT_EMBEDDINGS,
  LORA_KEY_PREFIX,
} from './peft/adapter-tensors.js';
export type { PromptLearningDims } from './peft/adapter-tensors.js';
export { resolveLoraTargets, loraRank, loraScaling, ALL_LINEAR } from './peft/lora-targets.js';

// PEFT modules on the forward graph
export { applyPeft } from './peft-graph/apply-peft.js';
export type { ApplyPeftOptions, ApplyPeftResult, LoraDropout, PeftSequenceLayout, PeftSpec } from './peft-graph/peft-spec.js';
export { mergeLora } from './peft-graph/merge-lora.js';
export { loraDropoutFeeds } from './peft-graph/lora-dropout.js';
export type { LoraDropoutFeedOptions } from './peft-graph/lora-dropout.js';
export { LORA_DROPOUT_MASK_PREFIX, LORA_DROPOUT_SCALE } from './peft-graph/lora-graph.js';
export { peftTrainableShapes, PROMPT_ENCODER_PREFIX } from './peft-graph/trainable-shapes.js';
export { initialPeftTensors, initPromptEmbeddings } from './peft-graph/initial-tensors.js';
export type { PeftInitOptions } from './peft-graph/initial-tensors.js';
export { adapterTensorsFromTrainable } from './peft-graph/adapter-tensors-from-trainable.js';
export { extendPromptLearningBatch } from './peft-graph/prompt-learning-batch.js';
export type { ExtendBatchOptions, ExtendedTokenBatch, TokenBatch } from './peft-graph/prompt-learning-batch.js';
