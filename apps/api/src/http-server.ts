import { createServer, type RequestListener, type Server } from 'node:http';
import type { Logger } from '@causal-tune/core';
import { ConnectionDrain } from './connection-drain.js';
import { answerProtocolErrors } from './protocol-errors.js';

/** Timeouts of {@link createHttpServer} (apps/api/src/env.ts has their defaults). */
export interface HttpServerOptions {
  /** Longest wait for a request's headers; then 408 (slowloris). */
  readonly headersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body; then 408. At least `headersTimeoutMs`. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  readonly logger: Logger;
}

/** The Node server and its drain. */
export interface ApiHttpServer {
  readonly server: Server;
  readonly drain: ConnectionDrain;
}

/**
 * The Node HTTP server around the app (server.ts and tests listen on it): header, request and
 * keep-alive timeouts, checked every quarter of the shortest one (Node checks every 30 s by
 * default, which lets a slow client hold a socket for that long past its timeout), protocol
 * errors answered in the error shape, and connection tracking for a bounded drain. Requests
 * without Host reach the app, which refuses them in the error shape (Node would answer a bare 400).
 */
export function createHttpServer(app: RequestListener, options: HttpServerOptions): ApiHttpServer {
  const shortest = Math.min(options.headersTimeoutMs, options.requestTimeoutMs);
  const server = createServer({
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(shortest / 4))),
    requireHostHeader: false,
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  const drain = new ConnectionDrain(server, options.logger);
  server.on('request', drain.listener(app));
  answerProtocolErrors(server, options.logger);
  return { server, drain };
}
