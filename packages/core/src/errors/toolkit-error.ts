import type { ErrorCode } from './codes.js';

const MARKER = Symbol.for('causal-tune.error');

/** Options of {@link ToolkitError}: structured details and the error that caused it. */
export interface ToolkitErrorOptions {
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
}

/**
 * The one error class of causal-tune. `code` is stable and machine-readable; `message` names the
 * argument, what was expected, what was received and a fix; `details` carries structured fields
 * (row, field, shapes) for programs.
 *
 * @example
 * throw new ToolkitError('CONFIG_INVALID', "Argument 'rank' passed to 'createLoraConfig' must be a positive integer, but got -4.");
 */
export class ToolkitError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly [MARKER] = true;

  constructor(code: ErrorCode, message: string, options: ToolkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolkitError';
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
  }

  /** A plain object for JSON output (CLI `--json`, API bodies). */
  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True for any {@link ToolkitError}, also one from another copy of this package. */
export function isToolkitError(error: unknown): error is ToolkitError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
}
