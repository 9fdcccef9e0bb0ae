import { Server as NetServer, type Socket } from 'node:net';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Logger } from '@causal-tune/core';
import { RETRY_AFTER_SECONDS, errorBody } from './http-errors.js';
import { endSocketWith, rawErrorResponse } from './protocol-errors.js';

/** What a drain did. */
export interface DrainReport {
  /** Requests that were being answered when the drain began. */
  readonly inFlightAtStart: number;
  /** Requests that arrived during the drain and were answered 503. */
  readonly refusedDuringDrain: number;
  /** Requests still unanswered at the deadline, answered 503 (or ended, for a started stream). */
  readonly forcedAtDeadline: number;
  /** Connections that had only part of a request at the deadline, answered 503 on the socket. */
  readonly partialAtDeadline: number;
  readonly durationMs: number;
}

/** Options of {@link ConnectionDrain.drain}. */
export interface DrainOptions {
  /** When (Date.now() time) unfinished requests are answered 503 and every connection is closed. */
  readonly forceAt: number;
  /** How long to read requests that were already sent before idle connections are closed. */
  readonly settleMs: number;
}

const SHUTTING_DOWN = 'The server is shutting down and takes no new requests. Retry in a moment, on another replica or after the restart.';

// Referenced timers: they keep the process alive until the drain is done.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface Tracked {
  readonly responses: Set<ServerResponse>;
  /** socket.bytesRead when the socket last had nothing to answer: more bytes mean a request is arriving. */
  bytesReadWhenIdle: number;
}

/**
 * Tracks the connections of an HTTP server and the requests on each, so that shutdown is
 * bounded and answers every request it was sent (issue 15):
 * 1. Stop listening, without Node's `server.close()`: that also closes idle keep-alive
 *    connections at once, and resets requests that a client had just written on them.
 * 2. Requests in flight get `Connection: close`; requests that arrive now are answered 503
 *    API_SHUTTING_DOWN with Retry-After and `Connection: close`.
 * 3. After `settleMs`, idle connections are closed, again whenever one becomes idle.
 * 4. At `forceAt`, requests still unanswered get a 503 (a started stream is ended), connections
 *    with a partial request get a 503 on the socket, and every connection is closed.
 * Header, body and request timeouts stay in force throughout, so slow clients get their 408.
 */
export class ConnectionDrain {
  readonly #server: Server;
  readonly #logger: Logger;
  readonly #sockets = new Map<Socket, Tracked>();
  #draining = false;
  // Set once the drain's settle time is over: from then on idle connections are closed.
  #settled = false;
  #refused = 0;

  constructor(server: Server, logger: Logger) {
    this.#server = server;
    this.#logger = logger;
    server.on('connection', (socket: Socket) => {
      this.#sockets.set(socket, { responses: new Set(), bytesReadWhenIdle: 0 });
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** True once {@link drain} has begun. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Open connections now. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Requests being answered now. */
  get inFlight(): number {
    let count = 0;
    for (const { responses } of this.#sockets.values()) count += responses.size;
    return count;
  }

  /** Wraps the app: tracks each response, and answers 503 while draining. */
  listener(app: RequestListener): RequestListener {
    return (request: IncomingMessage, response: ServerResponse) => {
      if (this.#draining) {
        this.#refused += 1;
        request.resume();
        respond503(response);
        return;
      }
      const socket = request.socket as Socket;
      const tracked = this.#sockets.get(socket);
      if (tracked) {
        tracked.responses.add(response);
        response.once('close', () => {
          tracked.responses.delete(response);
          if (tracked.responses.size === 0) tracked.bytesReadWhenIdle = socket.bytesRead;
          if (this.#settled) this.#closeIfIdle(socket, tracked);
        });
      }
      app(request, response);
    };
  }

  /** Runs the drain (see the class comment); resolves when every connection is closed. */
  async drain(options: DrainOptions): Promise<DrainReport> {
    const started = Date.now();
    this.#draining = true;
    const inFlightAtStart = this.inFlight;
    // net.Server's close: stop accepting, keep the connections (step 1).
    NetServer.prototype.close.call(this.#server);
    for (const { responses } of this.#sockets.values()) for (const response of responses) if (!response.headersSent) response.setHeader('Connection', 'close');
    await sleep(Math.min(options.settleMs, options.forceAt - Date.now()));
    this.#settled = true;
    this.#closeIdle();
    while (this.#sockets.size > 0 && Date.now() < options.forceAt) {
      await sleep(Math.min(50, options.forceAt - Date.now()));
      this.#closeIdle();
    }
    let forcedAtDeadline = 0;
    let partialAtDeadline = 0;
    if (this.#sockets.size > 0) {
      for (const [socket, { responses }] of this.#sockets) {
        if (responses.size === 0) {
          // Headers or a body still arriving, before the app had the request: answer on the socket.
          partialAtDeadline += 1;
          endSocketWith(socket, rawErrorResponse('API_SHUTTING_DOWN', SHUTTING_DOWN, { 'Retry-After': String(RETRY_AFTER_SECONDS) }));
          continue;
        }
        for (const response of responses) {
          forcedAtDeadline += 1;
          if (response.headersSent) response.end();
          else respond503(response);
        }
        socket.end();
        setTimeout(() => socket.destroy(), 500).unref();
      }
      const closedBy = Date.now() + 1000;
      while (this.#sockets.size > 0 && Date.now() < closedBy) await sleep(20);
      for (const socket of this.#sockets.keys()) socket.destroy();
    }
    const report = { inFlightAtStart, refusedDuringDrain: this.#refused, forcedAtDeadline, partialAtDeadline, durationMs: Date.now() - started };
    this.#logger.info('connections-drained', { ...report });
    return report;
  }

  // A connection is idle when nothing is being answered on it and no byte arrived since its last
  // answer (or since it opened): no request is on its way, so closing it loses nothing. (Node's
  // closeIdleConnections counts a connection that never sent a byte as busy.)
  #closeIdle(): void {
    for (const [socket, tracked] of this.#sockets) this.#closeIfIdle(socket, tracked);
  }

  #closeIfIdle(socket: Socket, tracked: Tracked): void {
    if (tracked.responses.size > 0 || socket.bytesRead !== tracked.bytesReadWhenIdle || socket.writableEnded) return;
    socket.end();
    setTimeout(() => socket.destroy(), 500).unref();
  }
}

function respond503(response: ServerResponse): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify(errorBody('API_SHUTTING_DOWN', SHUTTING_DOWN));
  response.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'Retry-After': String(RETRY_AFTER_SECONDS), Connection: 'close' });
  response.end(body);
}
