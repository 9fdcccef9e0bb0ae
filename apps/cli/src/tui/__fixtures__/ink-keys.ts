import { stripAnsi } from '../../output/text-style.js';

/** Terminal input sequences of the keys the TUI uses, for `stdin.write` in frame tests. */
export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  space: ' ',
} as const;

/** Waits for Ink to handle input and render (its input and render loops are asynchronous). */
export async function tick(ms = 15): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Writes keys one by one, letting Ink render after each. It waits before the first key too:
 * Ink subscribes input handlers in effects, which may not have run right after a render.
 */
export async function press(stdin: { write(data: string): void }, ...keys: readonly string[]): Promise<void> {
  await tick();
  for (const key of keys) {
    stdin.write(key);
    await tick();
  }
}

/** The last frame without colour codes. */
export function plainFrame(lastFrame: () => string | undefined): string {
  return stripAnsi(lastFrame() ?? '');
}

/** Polls `condition` on the last frame until it holds or `timeoutMs` passes; returns the frame. */
export async function waitForFrame(lastFrame: () => string | undefined, condition: (frame: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = plainFrame(lastFrame);
    if (condition(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`The frame did not reach the expected state within ${timeoutMs} ms. Last frame:\n${frame}`);
    await tick(20);
  }
}
