import { useEffect, useState } from 'react';

/** The time from `clock`, refreshed every `intervalMs` while `running` (the elapsed time of a training). */
export function useNow(intervalMs: number, running: boolean, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    setNow(clock());
    if (!running) return undefined;
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, running, clock]);
  return now;
}
