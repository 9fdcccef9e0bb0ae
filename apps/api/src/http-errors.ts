import { ToolkitError, isToolkitError, type ErrorCode, type Logger } from '@causal-tune/core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { redactServerPaths } from './redact-paths.js';

/** The one table from error code to HTTP status; codes not listed are 500. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  CONFIG_INVALID: 400,
  USAGE_INVALID: 400,
  DATA_RECORD_INVALID: 400,
  PROMPT_TOO_LONG: 400,
  INFER_SEQUENCE_TOO_LONG: 400,
  PROMPT_VARIABLE_MISSING: 400,
  DATA_FORMAT_UNKNOWN: 400,
  DATA_ENCODING_INVALID: 400,
  DATA_PARSE_FAILED: 400,
  DATA_COLUMNS_INVALID: 400,
  DATA_EMPTY: 400,
  API_UNAUTHORIZED: 401,
  API_NOT_FOUND: 404,
  ARTIFACT_NOT_FOUND: 404,
  DATA_FILE_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  API_METHOD_NOT_ALLOWED: 405,
  API_REQUEST_TIMEOUT: 408,
  JOB_NOT_COMPLETED: 409,
  JOB_ALREADY_FINISHED: 409,
  API_PAYLOAD_TOO_LARGE: 413,
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  API_EXPECTATION_FAILED: 417,
  API_RATE_LIMITED: 429,
  API_HEADERS_TOO_LARGE: 431,
  API_MODEL_UNAVAILABLE: 500,
  API_QUEUE_FULL: 503,
  API_SHUTTING_DOWN: 503,
  JOB_QUEUE_UNAVAILABLE: 503,
};

/** The body of every error answer; `details` is always there (empty when there is nothing to add). */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: Record<string, unknown> };
}

/** How long a 503 tells the client to wait (Retry-After, seconds). */
export const RETRY_AFTER_SECONDS = 1;

const GENERIC_FAILURE = 'The server failed to answer this request; it was logged.';
// 5xx codes whose messages the API writes itself and that carry no internals.
const OWN_SERVER_MESSAGES = new Set<ErrorCode>(['API_MODEL_UNAVAILABLE', 'API_QUEUE_FULL', 'API_SHUTTING_DOWN', 'JOB_QUEUE_UNAVAILABLE']);

/** The error body of a code, message and details, with server paths redacted. */
export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message: redactServerPaths(message), details: redactServerPaths(details) } };
}

/** 404 in the error shape for any route that does not exist. */
export const notFound: RequestHandler = (request, _response, next) => {
  next(new ToolkitError('API_NOT_FOUND', `There is no route ${request.method} ${request.path.slice(0, 200)}. See GET /openapi.json.`, { details: { method: request.method } }));
};

// body-parser's error types (https://github.com/expressjs/body-parser#errors), as codes.
function bodyParserError(error: { type?: unknown; status?: unknown; code?: unknown; message?: unknown }): ToolkitError | undefined {
  if (error.type === 'entity.too.large') return new ToolkitError('API_PAYLOAD_TOO_LARGE', 'The request body is larger than the limit. Send fewer items per request.');
  if (error.type === 'entity.parse.failed') {
    // The parser's message quotes the body; only the position is kept.
    const position = /position (\d+)/.exec(String(error.message))?.[1];
    return new ToolkitError('USAGE_INVALID', `The request body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}. Send one JSON object.`, { details: position === undefined ? {} : { position: Number(position) } });
  }
  if (error.type === 'encoding.unsupported') return new ToolkitError('API_UNSUPPORTED_MEDIA_TYPE', 'The request body has a Content-Encoding the server does not read. Send it as identity, gzip, deflate or br.');
  if (error.type === 'charset.unsupported') return new ToolkitError('API_UNSUPPORTED_MEDIA_TYPE', 'The request body has a charset the server does not read. Send UTF-8 JSON.');
  if (error.type === 'request.size.invalid') return new ToolkitError('USAGE_INVALID', 'The request body is shorter or longer than its Content-Length.');
  // A broken gzip/deflate/br stream: zlib's errors, which body-parser passes on.
  if (typeof error.code === 'string' && /^(Z_|ERR_ZLIB|ERR_BROTLI|ERR__)/.test(error.code)) return new ToolkitError('USAGE_INVALID', 'The request body could not be decompressed: it is not valid for its Content-Encoding.');
  if (typeof error.type === 'string' && error.status === 400) return new ToolkitError('USAGE_INVALID', 'The request body could not be read.');
  // The router's decoding of a path parameter (/v1/jobs/%ff): a URIError with status 400.
  if ((error as unknown) instanceof URIError || (error.status === 400 && /decode param/i.test(String(error.message)))) return new ToolkitError('USAGE_INVALID', 'The request path has an invalid percent-encoding.');
  return undefined;
}

/** Logs the failure of a request whose client already left, or that was answered already. */
function answeredOrGone(error: unknown, request: Parameters<ErrorRequestHandler>[1], response: Parameters<ErrorRequestHandler>[2], logger: Logger): boolean {
  const code = isToolkitError(error) ? error.code : (error as { code?: unknown })?.code;
  if (response.writableEnded) {
    logger.debug('request-failed-after-answer', { requestId: response.locals.requestId, code });
    return true;
  }
  if (request.socket.destroyed || response.destroyed) {
    // The client went away (closed the tab, timed out): ordinary, not an error of the server.
    logger.info('client-disconnected', { requestId: response.locals.requestId, path: request.path, code });
    return true;
  }
  return false;
}

/**
 * The one error middleware: ToolkitErrors keep their code and message with the status of
 * {@link HTTP_STATUS}; body-parser's own errors (bad JSON, too large, bad gzip) become 4xx;
 * anything else is a 500 with a generic message, its stack only in the log. Every answer is
 * {@link ErrorBody}; every 503 has Retry-After. A client that went away is logged at info.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express tells error handlers by their four parameters
  return (error: unknown, request, response, _next) => {
    if (answeredOrGone(error, request, response, logger)) return;
    if (response.headersSent) {
      // A stream that already started: log, and end it rather than answer twice.
      logger.warn('stream-failed', { requestId: response.locals.requestId, code: isToolkitError(error) ? error.code : undefined, message: (error as Error)?.message });
      response.end();
      return;
    }
    const toolkit = isToolkitError(error) ? error : bodyParserError((error ?? {}) as Record<string, unknown>);
    const status = toolkit ? (HTTP_STATUS[toolkit.code] ?? 500) : 500;
    if (status >= 500 && !(toolkit && OWN_SERVER_MESSAGES.has(toolkit.code))) {
      logger.error('request-failed', { requestId: response.locals.requestId, path: request.path, code: toolkit?.code, stack: (error as Error)?.stack ?? String(error) });
      response.status(500).json(errorBody(toolkit?.code ?? 'INTERNAL_ERROR', GENERIC_FAILURE, { requestId: response.locals.requestId }));
      return;
    }
    if (status === 503 && !response.getHeader('retry-after')) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(status).json(errorBody(toolkit!.code, toolkit!.message, toolkit!.details));
  };
}
