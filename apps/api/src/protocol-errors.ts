import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode, Logger } from '@causal-tune/core';
import { HTTP_STATUS, errorBody } from './http-errors.js';

/** A whole HTTP/1.1 error answer for a socket that has no response object: the error shape, then close. */
export function rawErrorResponse(code: ErrorCode | 'USAGE_INVALID', message: string, extraHeaders: Readonly<Record<string, string>> = {}): string {
  const status = HTTP_STATUS[code] ?? 400;
  const body = JSON.stringify(errorBody(code, message));
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...extraHeaders };
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`;
}

/** Writes `answer` and closes the socket, destroying it if the peer does not read it within a second. */
export function endSocketWith(socket: Duplex, answer: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(answer);
  setTimeout(() => socket.destroy(), 1000).unref();
}

// llhttp's error codes (HPE_*) and Node's, as the answer for them.
function answerFor(error: NodeJS.ErrnoException): [ErrorCode, string] {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return ['API_REQUEST_TIMEOUT', 'The request did not arrive in time: its headers and body must be sent within the server timeouts.'];
    case 'HPE_HEADER_OVERFLOW':
      return ['API_HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts.'];
    default:
      return ['USAGE_INVALID', 'The request is not valid HTTP/1.1.'];
  }
}

type SocketWithResponse = Duplex & { _httpMessage?: ServerResponse | null };

/**
 * Answers what Node's HTTP server refuses before the app sees a request, in the error shape:
 * malformed requests, header overflow and header/body timeouts (`clientError`), Expect headers
 * other than 100-continue (`checkExpectation`) and CONNECT. Node would send a bare status line,
 * or drop the socket. Sockets the client already closed are destroyed quietly.
 */
export function answerProtocolErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: SocketWithResponse) => {
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable) {
      logger.debug('client-connection-reset', { code: error.code });
      socket.destroy();
      return;
    }
    // Never write into a response that has already started on this socket.
    if (socket._httpMessage && socket._httpMessage.headersSent) {
      socket.destroy();
      return;
    }
    const [code, message] = answerFor(error);
    logger.info('request-refused', { code, reason: error.code });
    endSocketWith(socket, rawErrorResponse(code, message));
  });
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(417, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
    response.end(JSON.stringify(errorBody('API_EXPECTATION_FAILED', 'The Expect header asks for something the server cannot meet; only Expect: 100-continue is supported.')));
  });
  // Without a listener Node drops a CONNECT request's socket. (Upgrade requests need none: with
  // no 'upgrade' listener Node serves them as ordinary requests, ignoring the Upgrade header.)
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => endSocketWith(socket, rawErrorResponse('API_METHOD_NOT_ALLOWED', 'CONNECT is not supported: this is not a proxy.')));
}
