import { ToolkitError, isToolkitError, noopLogger } from '@causal-tune/core';
import type { RunOptions, Tokenizer } from '@causal-tune/core';
import type { PromptExample } from '../examples/prompt-example.js';
import { encodeExample } from './encode-example.js';
import type { EncodeExampleOptions, EncodedExample } from './encode-example.js';

/** The progress task name of {@link encodeExamples}. */
export const ENCODE_EXAMPLES_TASK = 'encode-examples';

/**
 * Encodes a whole data set with {@link encodeExample}, reporting `task-start`,
 * `task-progress` (every `progressEvery` examples) and `task-end` events, logging how many
 * examples had their facts shortened, and stopping at the next example when `signal` aborts.
 *
 * @throws ToolkitError `ABORTED` when the signal aborts; the first failing example's error
 * otherwise, with `details.index` naming it.
 */
export function encodeExamples(
  examples: readonly PromptExample[],
  tokenizer: Tokenizer,
  options: EncodeExampleOptions = {},
  run: RunOptions & { readonly progressEvery?: number } = {},
): EncodedExample[] {
  const logger = run.logger ?? noopLogger;
  const progressEvery = run.progressEvery ?? 100;
  const started = Date.now();
  run.onProgress?.({ type: 'task-start', task: ENCODE_EXAMPLES_TASK, total: examples.length });
  const encoded: EncodedExample[] = [];
  let truncated = 0;
  for (const [index, example] of examples.entries()) {
    if (run.signal?.aborted) {
      throw new ToolkitError('ABORTED', `Encoding was stopped after ${index} of ${examples.length} examples.`, {
        cause: run.signal.reason,
        details: { completed: index, total: examples.length },
      });
    }
    try {
      encoded.push(encodeExample(example, tokenizer, options));
    } catch (error) {
      if (isToolkitError(error)) {
        throw new ToolkitError(error.code, `Example ${index}: ${error.message}`, { cause: error, details: { ...error.details, index } });
      }
      throw error;
    }
    if ((encoded.at(-1) as EncodedExample).truncatedCharacters > 0) truncated += 1;
    if ((index + 1) % progressEvery === 0 || index + 1 === examples.length) {
      run.onProgress?.({ type: 'task-progress', task: ENCODE_EXAMPLES_TASK, completed: index + 1, total: examples.length });
    }
  }
  logger.info('examples encoded', { examples: examples.length, truncated });
  run.onProgress?.({ type: 'task-end', task: ENCODE_EXAMPLES_TASK, durationMs: Date.now() - started });
  return encoded;
}
