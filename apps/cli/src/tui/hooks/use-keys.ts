import { useInput } from 'ink';
import type { Key } from 'ink';
import { useCallback, useRef } from 'react';

/** A key handler: Ink's input (the typed text, or a ctrl letter) and its key flags. */
export type KeyHandler = (input: string, key: Key) => void;

/**
 * Ink's `useInput` with a handler that always sees the latest render. Ink subscribes the
 * handler in an effect, so right after a render the previous closure (old props) can still
 * receive keys; here the subscription is stable and calls the handler of the last render.
 */
export function useKeys(handler: KeyHandler, isActive: boolean): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback<KeyHandler>((input, key) => latest.current(input, key), []);
  useInput(stable, { isActive });
}
