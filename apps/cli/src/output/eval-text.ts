import type { ClassificationMetrics } from '@causal-tune/inference';
import { formatDuration } from './format-number.js';
import { createTextStyle, type TextStyle } from './text-style.js';

/** What {@link renderEvalText} shows. */
export interface EvalTextInput {
  readonly runDir: string;
  readonly file: string;
  readonly metrics: ClassificationMetrics;
  readonly truncatedPrompts: number;
  readonly pairs: number;
  readonly durationMs: number;
}

const percent = (value: number | null) => (value === null || Number.isNaN(value) ? '–' : `${(100 * value).toFixed(2)}%`);
const decimal = (value: number | null) => (value === null || Number.isNaN(value) ? '–' : value.toFixed(4));

/**
 * The text of `ctune eval`: the headline metrics, per-class precision/recall/F1 and the
 * confusion matrix (rows actual, columns predicted). Pure: colour only through `style`.
 */
export function renderEvalText(input: EvalTextInput, options: { readonly style?: TextStyle } = {}): string[] {
  const style = options.style ?? createTextStyle(false);
  const { metrics } = input;
  const labels = metrics.confusionMatrix.labels.map(String);
  const width = Math.max(9, ...labels.map((label) => label.length + 2));
  const cell = (text: string) => text.padStart(width);
  return [
    style.bold(`eval ${input.runDir} on ${input.file}`),
    `  examples   ${metrics.examples}`,
    `  accuracy   ${style.bold(percent(metrics.accuracy))}`,
    `  macro-F1   ${decimal(metrics.macroF1)}`,
    `  ROC-AUC    ${decimal(metrics.rocAuc)}`,
    `  ECE        ${decimal(metrics.expectedCalibrationError)} (10 bins)`,
    ...(metrics.byQuestion === undefined
      ? []
      : [`  question   accuracy ${percent(metrics.byQuestion.accuracy)} · macro-F1 ${decimal(metrics.byQuestion.macroF1)} · ROC-AUC ${decimal(metrics.byQuestion.rocAuc)} (on "does the party asked about win?", as the run's eval.json)`]),
    `  truncated  ${input.truncatedPrompts} prompts${input.pairs > 0 ? ` · ${input.pairs} swapped pairs made consistent` : ''}`,
    `  time       ${formatDuration(input.durationMs)}`,
    '',
    style.bold('  per class   precision  recall     F1         support'),
    ...metrics.classes.map((entry) => `  ${String(entry.label).padEnd(11)} ${decimal(entry.precision).padEnd(10)} ${decimal(entry.recall).padEnd(10)} ${decimal(entry.f1).padEnd(10)} ${entry.support}`),
    '',
    style.bold(`  confusion (rows actual, columns predicted)`),
    `  ${''.padEnd(8)}${labels.map(cell).join('')}`,
    ...metrics.confusionMatrix.counts.map((row, index) => `  ${labels[index]!.padEnd(8)}${row.map((count) => cell(String(count))).join('')}`),
  ];
}
