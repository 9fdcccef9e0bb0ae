import { ToolkitError, isToolkitError, type ErrorCode, type Logger } from '@causal-tune/core';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** The one table from error code to HTTP status; codes not listed are 500. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  CONFIG_INVALID: 400,
  USAGE_INVALID: 400,
  DATA_RECORD_INVALID: 400,
  PROMPT_TOO_LONG: 400,
  INFER_SEQUENCE_TOO_LONG: 400,
  PROMPT_VARIABLE_MISSING: 400,
  API_UNAUTHORIZED: 401,
  API_NOT_FOUND: 404,
  ARTIFACT_NOT_FOUND: 404,
  API_PAYLOAD_TOO_LARGE: 413,
  API_RATE_LIMITED: 429,
  API_QUEUE_FULL: 503,
};

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };
}

/** 404 in the error shape for any route that does not exist. */
export const notFound: RequestHandler = (request, _response, next) => {
  next(new ToolkitError('API_NOT_FOUND', `There is no route ${request.method} ${request.path}. See GET /openapi.json.`));
};

/**
 * The one error middleware: ToolkitErrors keep their code and message with the status of
 * {@link HTTP_STATUS}; express's own body errors (bad JSON, too large) become 400/413; anything
 * else is a 500 with a generic message, its stack only in the log.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express tells error handlers by their four parameters
  return (error: unknown, request, response, _next) => {
    if (response.headersSent) {
      // A stream that already started: log, and end it rather than answer twice.
      logger.error('stream-failed', { requestId: response.locals.requestId, message: (error as Error)?.message });
      response.end();
      return;
    }
    let toolkit: ToolkitError;
    const bodyError = error as { type?: string; status?: number; message?: string };
    if (isToolkitError(error)) toolkit = error;
    else if (bodyError.type === 'entity.too.large') toolkit = new ToolkitError('API_PAYLOAD_TOO_LARGE', `The request body is larger than the limit. Send fewer items per request.`);
    else if (bodyError.type === 'entity.parse.failed' || bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported' || (bodyError.status === 400 && typeof bodyError.type === 'string')) {
      toolkit = new ToolkitError('USAGE_INVALID', `The request body is not valid JSON: ${bodyError.message ?? 'parse error'}.`);
    } else {
      logger.error('request-failed', { requestId: response.locals.requestId, path: request.path, stack: (error as Error)?.stack ?? String(error) });
      response.status(500).json({ error: { code: 'INTERNAL_ERROR', message: 'The server failed to answer this request; it was logged.' } } satisfies ErrorBody);
      return;
    }
    const status = HTTP_STATUS[toolkit.code] ?? 500;
    const body: ErrorBody = status === 500 ? { error: { code: toolkit.code, message: 'The server failed to answer this request; it was logged.' } } : { error: toolkit.toJSON() };
    if (status === 500) logger.error('request-failed', { requestId: response.locals.requestId, code: toolkit.code, stack: toolkit.stack });
    response.status(status).json(body);
  };
}
