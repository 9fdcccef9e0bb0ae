/**
 * @causal-tune/runs: the run directory, the contract between trainer, inference, the TUI and the
 * API (docs/architecture/run-directory.md). config.json is the run config (its schema and every
 * default live here), metrics.jsonl and eval.json have typed lines, and every reader and writer
 * goes through this package.
 */

// The run config (config.json)
export {
  runConfigSchema,
  modelSectionSchema,
  dataSectionSchema,
  promptSectionSchema,
  methodSchema,
  lossSectionSchema,
  optimizerSectionSchema,
  scheduleSectionSchema,
  trainingSectionSchema,
  LOSS_TYPES,
  METHOD_NAMES,
  DEFAULT_PROMPT_SETTINGS,
} from './run-config.js';
export type { LossType, RunConfig, RunConfigInput, RunPromptSettings } from './run-config.js';

// Files of a run directory
export { RUN_FILES, RUN_ENTRIES, runPaths } from './run-paths.js';
export type { RunPaths } from './run-paths.js';
export { MetricsLog, metricsLineSchema, evaluationMetricsSchema, parseMetricsLines } from './metrics-log.js';
export type { EvalLine, EvaluationMetrics, MetricsLine, StepLine } from './metrics-log.js';
export { readRunConfig, readEvaluationFile, writeEvaluationFile, readRunDirectory, artifactDirectory, evaluationFileSchema } from './run-files.js';
export type { EvaluationFile, RunDirectorySummary } from './run-files.js';
export { writeRunManifest } from './run-manifest.js';
