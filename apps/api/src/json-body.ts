import { isUtf8 } from 'node:buffer';
import { ToolkitError } from '@causal-tune/core';
import express, { type RequestHandler } from 'express';

/**
 * The JSON body parser of /v1: at most `limit` (bytes or an express size string; counted after decompression), strict (an object or
 * array at the top), and well-formed UTF-8. Node's decoder would silently turn invalid bytes into
 * U+FFFD, so the raw bytes are checked first and a body that is not UTF-8 is USAGE_INVALID.
 */
export function jsonBody(limit: number | string): RequestHandler {
  return express.json({
    limit,
    strict: true,
    verify: (_request, _response, buffer) => {
      if (!isUtf8(buffer)) throw new ToolkitError('USAGE_INVALID', 'The request body is not valid UTF-8. Send JSON encoded as UTF-8.');
    },
  });
}
