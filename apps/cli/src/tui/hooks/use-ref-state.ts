import { useCallback, useRef, useState } from 'react';

/**
 * `useState` whose latest value is also readable at once through `current()`. Ink can deliver
 * several keys before React renders again (a paste, or keys typed while a synchronous load
 * holds the event loop); key handlers read `current()` so that each key sees the state the
 * previous one made.
 */
export function useRefState<T>(initial: T): readonly [T, (next: T | ((previous: T) => T)) => void, () => T] {
  const [value, setValue] = useState(initial);
  const ref = useRef(value);
  const set = useCallback((next: T | ((previous: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  const current = useCallback(() => ref.current, []);
  return [value, set, current] as const;
}
