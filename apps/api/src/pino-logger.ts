import type { Logger } from '@causal-tune/core';
import { pino } from 'pino';

/** A core Logger writing pino JSON lines (stdout by default). */
export function createPinoLogger(options: { readonly level?: string } = {}): Logger {
  const log = pino({ level: options.level ?? 'info', base: { service: 'causal-tune-api' } });
  return {
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}
