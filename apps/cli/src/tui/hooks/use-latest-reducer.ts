import { useCallback, useReducer, useRef } from 'react';

/**
 * `useReducer` whose latest state is also readable at once through `current()`: key handlers
 * read it, so that a key arriving before React has rendered the previous key's update (Ink
 * delivers keys as they come; a busy event loop delays renders) still sees that update.
 */
export function useLatestReducer<S, A>(reducer: (state: S, action: A) => S, initial: () => S): readonly [S, (action: A) => void, () => S] {
  const [state, dispatchToReact] = useReducer(reducer, undefined, initial);
  const latest = useRef<S | undefined>(undefined);
  if (latest.current === undefined) latest.current = state;
  const dispatch = useCallback(
    (action: A) => {
      latest.current = reducer(latest.current as S, action);
      dispatchToReact(action);
    },
    [reducer],
  );
  const current = useCallback(() => latest.current as S, []);
  return [state, dispatch, current] as const;
}
