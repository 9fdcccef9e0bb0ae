import { Box, Text } from 'ink';
import type { KeyBinding } from '../key-bindings.js';

/** Props of {@link HelpFooter}. */
export interface HelpFooterProps {
  /** Keys of the screen; those marked `footer` are shown. */
  readonly bindings: readonly KeyBinding[];
  /** Keys of every screen, always shown at the end of the line. */
  readonly globalBindings: readonly KeyBinding[];
  /** Columns available; the screen's part is cut with an ellipsis to fit. */
  readonly width: number;
}

function hints(bindings: readonly KeyBinding[]): string {
  return bindings
    .filter((binding) => binding.footer === true)
    .map((binding) => `${binding.keys} ${binding.short ?? binding.description.split(/[(:;]/)[0]?.trim() ?? ''}`)
    .join(' · ');
}

/**
 * The footer line: `key words · key words · ... · ? help · q quit`. The global keys always
 * show; the screen's keys are cut with an ellipsis when the line is too long.
 */
export function footerText(bindings: readonly KeyBinding[], globalBindings: readonly KeyBinding[], width: number): string {
  const tail = hints(globalBindings);
  const head = hints(bindings);
  if (head === '' || tail === '') {
    const text = head === '' ? tail : head;
    return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
  }
  const room = width - tail.length - 3;
  const cut = head.length <= room ? head : `${head.slice(0, Math.max(0, room - 1))}…`;
  return `${cut} · ${tail}`;
}

/** One dim line of key hints at the bottom of every screen. */
export function HelpFooter({ bindings, globalBindings, width }: HelpFooterProps) {
  return (
    <Box>
      <Text dimColor wrap="truncate-end">
        {footerText(bindings, globalBindings, width)}
      </Text>
    </Box>
  );
}
