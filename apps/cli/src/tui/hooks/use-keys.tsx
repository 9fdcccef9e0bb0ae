import { useInput } from 'ink';
import type { Key } from 'ink';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';
import { splitKeys } from './split-keys.js';

/** A key handler: Ink's input (the typed text, or a ctrl letter) and its key flags. */
export type KeyHandler = (input: string, key: Key) => void;

/** Routes every key to the handlers registered as active, in the order they registered. */
interface KeyRouter {
  readonly handlers: Map<symbol, { readonly handler: KeyHandler; readonly active: boolean }>;
}

const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);

/** Props of {@link KeyRouterProvider}. */
export interface KeyRouterProviderProps {
  /**
   * Sees every key first (global keys); returns true when it used the key, which then goes
   * to no screen.
   */
  readonly onKey: (input: string, key: Key) => boolean;
  readonly children: ReactNode;
}

/**
 * One Ink `useInput` subscription for the whole app, made once; runs of characters are split
 * into single keys ({@link splitKeys}). Screens register their
 * handlers with {@link useKeys} while they render, so a key that arrives right after a render
 * (a screen switch, a paste, keys typed during a synchronous load) reaches the handlers of
 * that render: Ink's own per-component subscriptions change only in effects, later.
 */
export function KeyRouterProvider({ onKey, children }: KeyRouterProviderProps) {
  const router = useRef<KeyRouter>({ handlers: new Map() }).current;
  const latestOnKey = useRef(onKey);
  latestOnKey.current = onKey;
  const route = useCallback<KeyHandler>(
    (input, key) => {
      for (const [single, singleKey] of splitKeys(input, key)) {
        if (latestOnKey.current(single, singleKey)) continue;
        for (const entry of [...router.handlers.values()]) if (entry.active) entry.handler(single, singleKey);
      }
    },
    [router],
  );
  useInput(route);
  return <KeyRouterContext.Provider value={router}>{children}</KeyRouterContext.Provider>;
}

/**
 * Gives the component's key handler the keys while `isActive`. Inside a
 * {@link KeyRouterProvider} the handler is registered during render (the latest closure, the
 * latest active flag); alone (component tests) it subscribes to Ink directly, with a stable
 * subscription that calls the latest handler.
 */
export function useKeys(handler: KeyHandler, isActive: boolean): void {
  const router = useContext(KeyRouterContext);
  const id = useRef(Symbol('key-handler')).current;
  const latest = useRef(handler);
  latest.current = handler;
  if (router !== undefined) router.handlers.set(id, { handler, active: isActive });
  useEffect(() => () => void router?.handlers.delete(id), [router, id]);
  const stable = useCallback<KeyHandler>((input, key) => latest.current(input, key), []);
  useInput(stable, { isActive: router === undefined && isActive });
}
