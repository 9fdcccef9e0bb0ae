import { Box, Text } from 'ink';
import type { KeyBinding } from '../key-bindings.js';

/** Props of {@link HelpFooter}. */
export interface HelpFooterProps {
  /** Keys of the screen (those marked `footer`), then the global ones, in this order. */
  readonly bindings: readonly KeyBinding[];
  /** Columns available; the line is cut with an ellipsis beyond. */
  readonly width: number;
}

/** The footer line: `key description · key description · ...`, cut to `width`. */
export function footerText(bindings: readonly KeyBinding[], width: number): string {
  const text = bindings
    .filter((binding) => binding.footer === true)
    .map((binding) => `${binding.keys} ${binding.description.split(/[(:;]/)[0]?.trim() ?? ''}`)
    .join(' · ');
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** One dim line of key hints at the bottom of every screen. */
export function HelpFooter({ bindings, width }: HelpFooterProps) {
  return (
    <Box>
      <Text dimColor>{footerText(bindings, width)}</Text>
    </Box>
  );
}
