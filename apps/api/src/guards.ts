import { timingSafeEqual } from 'node:crypto';
import { ToolkitError, type Logger } from '@causal-tune/core';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

/** Requires the API key (Authorization: Bearer KEY, or x-api-key) when one is configured. */
export function requireApiKey(key: string | undefined): RequestHandler {
  const expected = key === undefined ? undefined : Buffer.from(key);
  return (request, _response, next) => {
    if (!expected) return next();
    const header = request.get('authorization');
    const given = Buffer.from((header?.startsWith('Bearer ') ? header.slice(7) : request.get('x-api-key')) ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    next(new ToolkitError('API_UNAUTHORIZED', 'This API needs its key: send Authorization: Bearer <key> or x-api-key: <key>.'));
  };
}

/** Options of {@link rateLimitGuard}. */
export interface RateLimitOptions {
  /** Requests per client and window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly logger: Logger;
}

/**
 * express-rate-limit's fixed window per client address (IPv6 by /56 subnet), in its memory store:
 * expired clients are dropped each window, never the table of clients still counting. It runs
 * before the key check, so requests with a wrong key count too and key guessing is throttled.
 * Answers API_RATE_LIMITED through the error middleware, with Retry-After and RateLimit headers.
 */
export function rateLimitGuard(options: RateLimitOptions): RequestHandler & { resetKey(key: string): void } {
  const { limit, windowMs, logger } = options;
  return rateLimit({
    limit,
    windowMs,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_request, _response, next) => {
      next(new ToolkitError('API_RATE_LIMITED', `Too many requests: at most ${limit} per ${windowMs / 1000} s from one client. Retry after the number of seconds in Retry-After.`, { details: { limit, windowMs } }));
    },
    // Its configuration checks (trust proxy, X-Forwarded-For) warn through our logger, not the console.
    logger: {
      warn: (error, message) => logger.warn('rate-limit-warning', { message: message ?? String((error as Error)?.message ?? error) }),
      error: (error, message) => logger.error('rate-limit-error', { message: message ?? String((error as Error)?.message ?? error) }),
    },
  });
}
