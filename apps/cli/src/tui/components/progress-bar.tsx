import { Box, Text } from 'ink';
import { renderBar } from '../../output/terminal-bars.js';

/** Props of {@link ProgressBar}. */
export interface ProgressBarProps {
  /** Work done (optimizer steps). */
  readonly completed: number;
  /** Work in all; 0 while unknown (the bar stays empty). */
  readonly total: number;
  /** Columns of the bar itself, without the percentage; at least 4. */
  readonly width: number;
}

/** The share done, between 0 and 1 (0 while the total is unknown). */
export function progressFraction(completed: number, total: number): number {
  return total > 0 ? Math.min(1, Math.max(0, completed / total)) : 0;
}

/**
 * `[completed/total]` as a bar of unicode eighth blocks (1/8 of a cell of resolution) on a
 * shaded track, then the percentage: `████▌░░░░░  45%`. Pure text, so it is exact in tests.
 */
export function formatProgressBar(completed: number, total: number, width: number): { readonly bar: string; readonly track: string; readonly percent: string } {
  const cells = Math.max(4, Math.floor(width));
  const fraction = progressFraction(completed, total);
  const bar = fraction > 0 ? renderBar(fraction, 1, cells) : '';
  return { bar, track: '░'.repeat(cells - [...bar].length), percent: `${Math.floor(fraction * 100)}%`.padStart(4) };
}

/** A horizontal progress bar with its percentage. */
export function ProgressBar({ completed, total, width }: ProgressBarProps) {
  const { bar, track, percent } = formatProgressBar(completed, total, width);
  return (
    <Box>
      <Text color="green">{bar}</Text>
      <Text dimColor>{track}</Text>
      <Text bold> {percent}</Text>
    </Box>
  );
}
