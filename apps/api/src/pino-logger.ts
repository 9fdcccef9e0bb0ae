import type { Logger } from '@causal-tune/core';
import { destination, pino } from 'pino';

/**
 * A core Logger writing pino JSON lines to stdout. Writes are synchronous, so that the last lines
 * before an exit (a start-up failure, the end of a drain) are never lost.
 */
export function createPinoLogger(options: { readonly level?: string } = {}): Logger {
  const log = pino({ level: options.level ?? 'info', base: { service: 'causal-tune-api' } }, destination({ dest: 1, sync: true }));
  return {
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}
