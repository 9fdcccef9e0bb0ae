/**
 * @causal-tune/inference: a Predictor over a run or model directory (base model + adapter) for
 * label-word classification, calibration and generation with a key/value cache; batching,
 * metrics and submission files.
 */

// Predictor
export { loadPredictor } from './predictor/load-predictor.js';
export type { LoadPredictorOptions } from './predictor/load-predictor.js';
export type { Predictor, PredictorAdapter } from './predictor/predictor.js';
export { resolvePredictorSource } from './source/resolve-source.js';
export type { PredictorSource, ResolvedSource } from './source/resolve-source.js';

// Classification
export { CLASSIFY_TASK } from './classify/score-prompts.js';
export type { BatchingOptions } from './classify/score-prompts.js';
export { DEFAULT_CONTENT_FREE_INPUTS } from './classify/classify.js';
export type { Classification, ClassifyOptions, ClassifyResult, CourtDecision } from './classify/classify.js';
export type { ClassifyInput, OverflowPolicy } from './classify/encode-prompts.js';
export { calibrate, labelProbabilities } from './classify/label-scores.js';
export { findSwappedPairs, consistentPairProbabilities } from './classify/swap-pairs.js';
export type { PairableCase } from './classify/swap-pairs.js';

// Generation
export { GENERATE_TASK, resolveSamplingSettings } from './generate/generate.js';
export type { GeneratedToken, GenerateOptions, Generation } from './generate/generate.js';
export type { GenerateInput } from './generate/generation-input.js';
export type { FinishReason } from './generate/decode-batch.js';
export { GENERATION_PRESETS } from './generate/generation-presets.js';
export type { GenerationPresetName, SamplingSettings } from './generate/generation-presets.js';

// Batching
export { planLengthBatches } from './batching/length-batches.js';
export type { LengthBatchOptions } from './batching/length-batches.js';

// Evaluation, data and submission files
export { evaluate } from './evaluate/evaluate.js';
export type { Evaluation } from './evaluate/evaluate.js';
export { classificationMetrics } from './evaluate/classification-metrics.js';
export type { ClassificationMetrics } from './evaluate/classification-metrics.js';
export { loadRecords } from './evaluate/load-records.js';
export type { LoadedRecords, LoadRecordsOptions } from './evaluate/load-records.js';
export { formatSubmission, writeSubmission } from './submission/submission-file.js';
export type { SubmissionOptions } from './submission/submission-file.js';
