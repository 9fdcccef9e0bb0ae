import { Box, Text } from 'ink';

/** Props of {@link ScrollView}. */
export interface ScrollViewProps {
  /** Every line of the content (already wrapped to the width). */
  readonly lines: readonly string[];
  /** Index of the first line shown; clamped. */
  readonly offset: number;
  /** Lines shown at once. */
  readonly height: number;
}

/** The largest useful offset: the last page starts there. */
export function maxScrollOffset(total: number, height: number): number {
  return Math.max(0, total - Math.max(1, height));
}

/** `offset` moved by `delta` and kept within the content. */
export function scrollBy(offset: number, delta: number, total: number, height: number): number {
  return Math.min(maxScrollOffset(total, height), Math.max(0, offset + delta));
}

/**
 * Breaks text into lines of at most `width` characters: at spaces where possible, hard
 * inside longer words; newlines are kept.
 */
export function wrapLines(text: string, width: number): string[] {
  const limit = Math.max(1, Math.floor(width));
  return text.split('\n').flatMap((paragraph) => {
    const lines: string[] = [];
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      while (rest.length > limit) {
        if (line !== '') {
          lines.push(line);
          line = '';
        }
        lines.push(rest.slice(0, limit));
        rest = rest.slice(limit);
      }
      if (line === '') line = rest;
      else if (line.length + 1 + rest.length <= limit) line = `${line} ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
    return lines;
  });
}

/** A window of `height` lines onto longer content, with the position on the last line. */
export function ScrollView({ lines, offset, height }: ScrollViewProps) {
  const visible = Math.max(1, height - 1);
  const start = Math.min(maxScrollOffset(lines.length, visible), Math.max(0, offset));
  const shown = lines.slice(start, start + visible);
  const more = lines.length > visible;
  return (
    <Box flexDirection="column">
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {more ? (
        <Text dimColor>
          lines {start + 1}–{start + shown.length} of {lines.length}
        </Text>
      ) : null}
    </Box>
  );
}
