// Training
export { train } from './loop/train.js';
export type { TrainOptions, TrainResult } from './loop/train.js';
export type { EvaluationMetrics } from './loop/evaluate.js';

// Config: the run config of @causal-tune/runs, layered from presets, files and flags
export { trainConfigSchema } from './config/train-config.js';
export type { LoraConfig, TrainConfig, TrainConfigInput } from './config/train-config.js';
export { readTrainConfigFile, resolveTrainConfig } from './config/load-train-config.js';
export type { TrainConfigOverrides } from './config/load-train-config.js';

// Building blocks (optimizers, schedules, losses), for custom loops and benchmarks
export { adamWStep, createAdamWState } from './optim/adamw.js';
export type { AdamWOptions, AdamWState } from './optim/adamw.js';
export { clipGradNorm } from './optim/clip-grad-norm.js';
export { learningRateAt } from './optim/learning-rate-schedule.js';
export type { ScheduleOptions } from './optim/learning-rate-schedule.js';
export { buildLossTargets } from './data/loss-targets.js';
export type { LossExample, LossTargets, LossWeighting } from './data/loss-targets.js';
export { collateBatch } from './data/collate.js';
export type { CollatedBatch } from './data/collate.js';
export { buildTrainingGraph } from './graph/build-training-graph.js';
export type { TrainingGraph, TrainingGraphOptions } from './graph/build-training-graph.js';
export { createTrainingMethod } from './methods/create-training-method.js';
export type { TrainingMethod } from './methods/training-method.js';
export { computeStepGradients } from './loop/training-step.js';
export { createTrainingSession } from './loop/training-session.js';
export type { TrainingSessionOptions } from './loop/training-session.js';
export type { StepGradients } from './loop/training-step.js';
