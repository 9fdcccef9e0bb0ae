// Errors
export { ErrorCode } from './errors/codes.js';
export { ToolkitError, isToolkitError } from './errors/toolkit-error.js';
export type { ToolkitErrorOptions } from './errors/toolkit-error.js';
export { assert } from './assert/assert.js';

// Validation
export { parseWithSchema, toValidationIssues } from './validation/parse-with-schema.js';
export type { ValidationIssue } from './validation/parse-with-schema.js';

// Logging and progress
export { noopLogger } from './logging/logger.js';
export type { Logger, LogFields } from './logging/logger.js';
export type { ProgressEvent, ProgressEventType, ProgressListener, RunOptions } from './progress/progress-event.js';

// Files
export { writeFileAtomic, writeJsonAtomic } from './fs/write-file-atomic.js';
export { artifactManifestSchema } from './manifest/artifact-manifest.js';
export type { ArtifactManifest } from './manifest/artifact-manifest.js';

// Contracts shared by packages that must not import each other
export type { Tokenizer } from './tokenizer/tokenizer.js';

// Deterministic randomness
export { createSeededRandom, shuffled } from './random/seeded-random.js';
export type { SeededRandom } from './random/seeded-random.js';

// Classification metrics (pure; shared by trainer evaluations and inference)
export { accuracy } from './metrics/accuracy.js';
export { confusionMatrix } from './metrics/confusion-matrix.js';
export type { ConfusionMatrix } from './metrics/confusion-matrix.js';
export { classScores, macroF1 } from './metrics/macro-f1.js';
export type { ClassScores } from './metrics/macro-f1.js';
export { rocAuc } from './metrics/roc-auc.js';
export { expectedCalibrationError } from './metrics/expected-calibration-error.js';
export type { CalibrationBin, CalibrationOptions, CalibrationReport } from './metrics/expected-calibration-error.js';
export type { MetricLabel } from './metrics/metric-inputs.js';
