/**
 * @causal-tune/cli: the `ctune` command. The binary is `bin.ts`; this entry point exposes the
 * program for in-process use (tests, scripts) and the data-returning workflows and pure
 * renderers that the Ink TUI (issue 8) reuses.
 */

// Program
export { runCli, createProgram } from './cli.js';
export type { CliContext, TerminalStream } from './cli-context.js';
export { loadEnv, cliEnvSchema } from './env.js';
export type { CliEnv } from './env.js';
export { ExitCode, exitCodeFor, formatErrorLines } from './errors/cli-error.js';

// Workflows: the work of each command, returning data
export { runPrep, summarizePrep, prepSeries } from './workflows/prep-workflow.js';
export type { PrepOptions, PrepResult, PrepSummary, PrepFileSummary, PreparedFile, RejectedRow } from './workflows/prep-workflow.js';
export { runPromptsPreview } from './workflows/prompts-workflow.js';
export type { PromptsPreviewOptions, PromptsPreviewResult } from './workflows/prompts-workflow.js';

// Output
export { formatProgressLine } from './output/progress-line.js';
export { createProgressPrinter } from './output/progress-printer.js';
export type { ProgressPrinterOptions } from './output/progress-printer.js';
export { renderBar, renderBarChart, renderHistogram } from './output/terminal-bars.js';
export type { BarChartEntry, HistogramBins, HistogramRenderOptions, TerminalChartOptions } from './output/terminal-bars.js';
export { resolveOutputSettings } from './output/output-mode.js';
export type { OutputFlags, OutputMode, OutputSettings } from './output/output-mode.js';

// Report
export { buildReportCharts } from './report/chart-specs.js';
export type { ChartSeries, ReportChart } from './report/chart-specs.js';
export { renderChartSvg } from './report/render-svg.js';
export { writePrepReport } from './report/write-prep-report.js';
export type { WrittenFile, WritePrepReportOptions } from './report/write-prep-report.js';
