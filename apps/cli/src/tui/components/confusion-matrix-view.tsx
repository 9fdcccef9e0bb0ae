import type { ConfusionMatrix } from '@causal-tune/core';
import { Box, Text } from 'ink';

/** Props of {@link ConfusionMatrixView}. */
export interface ConfusionMatrixViewProps {
  /** Rows actual, columns predicted (core's `confusionMatrix`). */
  readonly matrix: ConfusionMatrix;
  /** Display names of the labels, e.g. `{ '1': 'yes', '0': 'no' }`; the label itself otherwise. */
  readonly labelNames?: Readonly<Record<string, string>>;
}

/** One cell of a {@link confusionMatrixLayout}. */
export interface ConfusionCell {
  readonly text: string;
  /** `diagonal` cells are correct predictions, `off` wrong ones, `header` the labels. */
  readonly kind: 'header' | 'diagonal' | 'off' | 'blank';
}

/**
 * The table of a confusion matrix as padded cells: a header row of predicted labels, then one
 * row per actual label with its counts and its recall. Pure, for the view and its tests.
 */
export function confusionMatrixLayout(matrix: ConfusionMatrix, labelNames: Readonly<Record<string, string>> = {}): ConfusionCell[][] {
  const names = matrix.labels.map((label) => labelNames[String(label)] ?? String(label));
  const maxCount = Math.max(0, ...matrix.counts.flat());
  const columnWidth = Math.max(5, String(maxCount).length, ...names.map((name) => name.length)) + 2;
  const rowLabelWidth = Math.max('actual'.length, ...names.map((name) => name.length)) + 2;
  const header: ConfusionCell[] = [
    { text: 'actual ↓ predicted →'.padEnd(Math.max(rowLabelWidth, 0)), kind: 'header' },
    ...names.map((name) => ({ text: name.padStart(columnWidth), kind: 'header' as const })),
    { text: 'recall'.padStart(8), kind: 'header' },
  ];
  const labelColumn = Math.max(rowLabelWidth, header[0]?.text.length ?? 0);
  header[0] = { text: (header[0]?.text ?? '').padEnd(labelColumn), kind: 'header' };
  const rows = matrix.counts.map((counts, row) => {
    const total = counts.reduce((sum, count) => sum + count, 0);
    const recall = total === 0 ? '–' : `${((100 * (counts[row] ?? 0)) / total).toFixed(1)}%`;
    return [
      { text: (names[row] ?? '').padEnd(labelColumn), kind: 'header' as const },
      ...counts.map((count, column) => ({ text: String(count).padStart(columnWidth), kind: row === column ? ('diagonal' as const) : ('off' as const) })),
      { text: recall.padStart(8), kind: 'blank' as const },
    ];
  });
  return [header, ...rows];
}

/** A confusion matrix: correct counts green on the diagonal, errors red, recall per row. */
export function ConfusionMatrixView({ matrix, labelNames }: ConfusionMatrixViewProps) {
  const layout = confusionMatrixLayout(matrix, labelNames);
  return (
    <Box flexDirection="column">
      {layout.map((row, index) => (
        <Box key={index}>
          {row.map((cell, position) => (
            <Text key={position} bold={cell.kind === 'header'} {...(cell.kind === 'diagonal' ? { color: 'green' } : cell.kind === 'off' ? { color: 'red' } : {})}>
              {cell.text}
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
