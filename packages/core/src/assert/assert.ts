import { ToolkitError } from '../errors/toolkit-error.js';

/**
 * Checks an invariant of causal-tune itself. The message is built only on failure (tfjs
 * `util_base.ts`), so hot paths pay nothing for it.
 */
export function assert(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new ToolkitError('INTERNAL_ASSERTION', message());
}
