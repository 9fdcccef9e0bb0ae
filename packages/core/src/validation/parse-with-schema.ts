import type { z } from 'zod';
import type { ErrorCode } from '../errors/codes.js';
import { ToolkitError } from '../errors/toolkit-error.js';

/** One validation problem, with the path of the field it concerns. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Turns zod issues into path + message pairs: `lora.rank: Expected number, received string`. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Validates `value` with `schema` and returns the parsed value, or throws one
 * {@link ToolkitError} that lists every problem at once (never only the first).
 *
 * @param what names the thing being validated in the message, e.g. "the training config".
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
  code: ErrorCode = 'CONFIG_INVALID',
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues);
  const listed = issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n');
  throw new ToolkitError(code, `${what} is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${listed}`, {
    details: { issues },
  });
}
