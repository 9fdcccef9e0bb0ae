// Raw HTTP/1.1 over net sockets, for what an HTTP client library would hide: slow clients,
// keep-alive reuse, bad request lines, Expect headers, and who closed the connection.
import { connect, type Socket } from 'node:net';

/** One parsed HTTP response. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Parses every complete response in `text` (Content-Length or chunked bodies). */
export function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = text;
  while (rest.length > 0) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    if (headerEnd < 0) break;
    const [statusLine, ...lines] = rest.slice(0, headerEnd).split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let after = rest.slice(headerEnd + 4);
    let body = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lineEnd = after.indexOf('\r\n');
        if (lineEnd < 0) return [...responses, { status, headers, body }];
        const size = parseInt(after.slice(0, lineEnd), 16);
        after = after.slice(lineEnd + 2);
        if (size === 0) {
          after = after.slice(2);
          break;
        }
        body += after.slice(0, size);
        after = after.slice(size + 2);
      }
    } else {
      const length = Number(headers['content-length'] ?? 0);
      body = after.slice(0, length);
      after = after.slice(length);
    }
    responses.push({ status, headers, body });
    rest = after;
  }
  return responses;
}

/** A connected socket that records everything it receives and how it ended. */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server has closed (end or close), with the time it took from `since`. */
  readonly closed: Promise<{ readonly atMs: number; readonly reset: boolean }>;
  /** Resolves when `count` responses are complete, or rejects after `timeoutMs`. */
  responses(count: number, timeoutMs?: number): Promise<RawResponse[]>;
  send(text: string | Buffer): void;
}

/** Opens a connection to 127.0.0.1:`port`. */
export async function openConnection(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let data = '';
  const waiters: (() => void)[] = [];
  let reset = false;
  socket.on('data', (chunk) => {
    data += chunk.toString('latin1');
    for (const waiter of waiters) waiter();
  });
  socket.on('error', () => {
    reset = true;
  });
  const closed = new Promise<{ atMs: number; reset: boolean }>((resolve) => {
    socket.once('close', () => {
      for (const waiter of waiters) waiter();
      resolve({ atMs: performance.now(), reset });
    });
  });
  const complete = (count: number) => parseResponses(data).filter((response) => response.status > 0).length >= count && (count === 0 || isComplete(data, count));
  return {
    socket,
    received: () => data,
    closed,
    send: (text) => void socket.write(text),
    responses: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (complete(count)) {
            resolve(parseResponses(data).slice(0, count));
            return true;
          }
          if (socket.destroyed) {
            reject(new Error(`the connection closed after ${parseResponses(data).length} of ${count} responses; received: ${JSON.stringify(data.slice(0, 500))}`));
            return true;
          }
          return false;
        };
        if (check()) return;
        const timer = setTimeout(() => reject(new Error(`no ${count} responses within ${timeoutMs} ms; received: ${JSON.stringify(data.slice(0, 500))}`)), timeoutMs);
        waiters.push(() => {
          if (check()) clearTimeout(timer);
        });
      }),
  };
}

// The last of `count` responses is whole: its body has all its bytes, or its chunked body ended.
function isComplete(data: string, count: number): boolean {
  const responses = parseResponses(data);
  if (responses.length < count) return false;
  const last = responses[count - 1]!;
  if (last.headers['transfer-encoding'] === 'chunked') return /\r\n0\r\n\r\n/.test(data) || data.endsWith('0\r\n\r\n');
  return Buffer.byteLength(last.body, 'latin1') >= Number(last.headers['content-length'] ?? 0);
}

/** A request's text: method, path, headers and body, with Host and Content-Length filled in. */
export function requestText(method: string, path: string, options: { readonly headers?: Record<string, string>; readonly body?: string } = {}): string {
  const headers: Record<string, string> = { Host: '127.0.0.1', ...options.headers };
  if (options.body !== undefined && headers['Content-Length'] === undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
  if (options.body !== undefined && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json';
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${options.body ?? ''}`;
}

/** The error shape every refusal must have. */
export function expectErrorShape(body: string, code?: string): void {
  const parsed = JSON.parse(body) as { error: { code: string; message: string; details: unknown } };
  expect(parsed).toEqual({ error: { code: code ?? expect.any(String), message: expect.any(String), details: expect.any(Object) } });
}
