import type { Logger } from '@causal-tune/core';

/** Most distinct warnings remembered; past that, warnings are logged again (bounded memory). */
const REMEMBERED = 1000;

/**
 * A logger that logs each distinct warning message once: the predictor re-checks its verbalizer
 * on every classify batch and would log the same warning twice per batch, for ever.
 */
export function warnOnce(logger: Logger): Logger {
  const seen = new Set<string>();
  return {
    debug: (message, fields) => logger.debug(message, fields),
    info: (message, fields) => logger.info(message, fields),
    warn: (message, fields) => {
      if (seen.has(message)) return;
      if (seen.size < REMEMBERED) seen.add(message);
      logger.warn(message, fields);
    },
    error: (message, fields) => logger.error(message, fields),
  };
}
