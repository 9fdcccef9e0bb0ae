import { timingSafeEqual } from 'node:crypto';
import { ToolkitError } from '@causal-tune/core';
import type { RequestHandler } from 'express';

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

/** A fixed-window limit of `limit` requests per client address and `windowMs`. */
export function rateLimit(limit: number, windowMs: number, now: () => number = Date.now): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (request, response, next) => {
    const client = request.ip ?? 'unknown';
    const time = now();
    let window = windows.get(client);
    if (!window || time - window.start >= windowMs) {
      if (windows.size > 10_000) windows.clear(); // bounded memory under many clients
      window = { start: time, count: 0 };
      windows.set(client, window);
    }
    window.count += 1;
    if (window.count <= limit) return next();
    response.setHeader('Retry-After', String(Math.ceil((window.start + windowMs - time) / 1000)));
    next(new ToolkitError('API_RATE_LIMITED', `Too many requests: at most ${limit} per ${windowMs / 1000} s from one client. Retry after the window.`, { details: { limit, windowMs } }));
  };
}
