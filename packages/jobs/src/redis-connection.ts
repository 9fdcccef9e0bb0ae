import { ToolkitError, type Logger } from '@causal-tune/core';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * The two kinds of Redis connection: `client` for the API (a command fails within seconds
 * when Redis is away, so that a request gets JOB_QUEUE_UNAVAILABLE instead of hanging) and
 * `worker` for BullMQ's workers (commands wait for Redis to come back, as BullMQ requires).
 */
export type RedisRole = 'client' | 'worker';

/** `redis://user:password@host:port/db` without the password, for log lines. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid Redis URL>';
  }
}

/** ioredis options of a role: bounded reconnection delays, and for `client` bounded commands. */
export function redisOptions(role: RedisRole): RedisOptions {
  const common: RedisOptions = { connectTimeout: 5000, retryStrategy: (times) => Math.min(100 * times, 2000), lazyConnect: false };
  return role === 'client' ? { ...common, maxRetriesPerRequest: 1, commandTimeout: 5000 } : { ...common, maxRetriesPerRequest: null, enableReadyCheck: true };
}

/**
 * Opens a Redis connection for `role`. Connection errors are logged (at most once per
 * 10 s) rather than thrown: ioredis reconnects by itself, and callers see unavailability as
 * JOB_QUEUE_UNAVAILABLE through {@link guardRedis}.
 */
export function connectRedis(url: string, role: RedisRole, logger: Logger): Redis {
  const connection = new Redis(url, redisOptions(role));
  let lastLogged = 0;
  connection.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < 10_000) return;
    lastLogged = now;
    logger.warn('redis-unavailable', { url: redactRedisUrl(url), role, message: error.message });
  });
  return connection;
}

const UNAVAILABLE = /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|Stream isn't writeable|Command timed out|max retries|LOADING|MASTERDOWN|READONLY|connect ETIMEDOUT|Connection closed/i;

/** True for the errors ioredis and BullMQ give when Redis cannot be reached. */
export function isRedisUnavailable(error: unknown): boolean {
  const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return name === 'MaxRetriesPerRequestError' || (typeof code === 'string' && UNAVAILABLE.test(code)) || (typeof message === 'string' && UNAVAILABLE.test(message));
}

function unavailable(what: string, cause?: unknown): ToolkitError {
  return new ToolkitError('JOB_QUEUE_UNAVAILABLE', `The job queue (Redis) cannot be reached, so ${what} did not happen. Retry in a moment; queued jobs and written rows are kept in Redis.`, { details: { operation: what }, ...(cause === undefined ? {} : { cause }) });
}

/** Resolves once `connection` is ready, or rejects with JOB_QUEUE_UNAVAILABLE after `timeoutMs`. */
async function whenReady(connection: Redis, what: string, timeoutMs: number): Promise<void> {
  if (connection.status === 'ready') return;
  if (connection.status === 'end') throw unavailable(what);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      connection.off('ready', onReady);
      reject(unavailable(what));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    connection.once('ready', onReady);
  });
}

/**
 * Runs a Redis operation; when Redis cannot be reached, throws JOB_QUEUE_UNAVAILABLE. With a
 * `connection` that is not connected, the operation is not even started (after waiting up to
 * `readyTimeoutMs`, default 2 s, for a connection still being made): BullMQ would otherwise wait
 * for Redis without end, and a request must not hang.
 */
export async function guardRedis<T>(what: string, work: () => Promise<T>, options: { readonly connection?: Redis; readonly readyTimeoutMs?: number } = {}): Promise<T> {
  if (options.connection) await whenReady(options.connection, what, options.readyTimeoutMs ?? 2000);
  try {
    return await work();
  } catch (error) {
    if (!isRedisUnavailable(error)) throw error;
    throw unavailable(what, error);
  }
}
