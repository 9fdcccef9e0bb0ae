import type { PromptPreview } from '@causal-tune/prompts';
import type { PromptsPreviewResult } from '../workflows/prompts-workflow.js';
import { formatPercent } from './format-number.js';
import { createTextStyle } from './text-style.js';
import type { TextStyle } from './text-style.js';

/** Options of {@link renderPromptsText}. */
export interface PromptsTextOptions {
  /** Columns of a line; default 80. */
  readonly width?: number;
  readonly style?: TextStyle;
}

function previewHeading(preview: PromptPreview): string {
  const parts = [`row ${preview.row}`];
  if (preview.id !== undefined) parts.push(preview.id);
  parts.push(`template ${preview.template}`);
  if (preview.askedAbout !== undefined) parts.push(`asks about ${preview.askedAbout} (${preview.party ?? ''})`);
  parts.push(preview.answer === undefined ? 'no answer' : `answer ${preview.answer}`);
  if (preview.tokenCount !== undefined) parts.push(`${preview.tokenCount} tokens`);
  return parts.join(' · ');
}

function counts(entries: Readonly<Record<string, number>>, total: number): string {
  const listed = Object.entries(entries).map(([name, count]) => `${name} ${count} (${formatPercent(count, total)})`);
  return listed.length === 0 ? '–' : listed.join(', ');
}

/**
 * The text of `ctune prompts`: each previewed record's heading (row, ID, template, party asked
 * about, answer) and its full training text (prompt, then the answer highlighted), then counts
 * over every record. Pure: colour only through `style`.
 */
export function renderPromptsText(result: PromptsPreviewResult, options: PromptsTextOptions = {}): string[] {
  const style = options.style ?? createTextStyle(false);
  const width = options.width ?? 80;
  const { preview } = result;
  const lines: string[] = [];
  for (const entry of preview.previews) {
    const heading = `── ${previewHeading(entry)} `;
    lines.push(style.cyan(heading + '─'.repeat(Math.max(3, width - [...heading].length))));
    lines.push(entry.prompt + (entry.answer === undefined ? '' : style.green(style.bold(entry.answer))), '');
  }
  const { askedAbout, answers, unlabelled } = preview.summary;
  lines.push(style.bold(`${result.file}: ${preview.total} ${result.kind} records, ${preview.previews.length} shown`));
  if (result.kind === 'court') lines.push(`  asks about: ${counts(askedAbout, preview.total)}`);
  lines.push(`  answers:    ${counts(answers, preview.total)}`);
  if (unlabelled > 0) lines.push(`  unlabelled: ${unlabelled} (prediction only)`);
  if (result.rejected.length > 0) lines.push(style.yellow(`  rejected:   ${result.rejected.length} rows (listed on stderr)`));
  return lines;
}
