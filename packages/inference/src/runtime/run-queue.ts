/**
 * Runs tasks one at a time in arrival order. onnxruntime sessions already use every core for
 * one run, so concurrent runs would only contend; serialising them also keeps a generation
 * step's cache tensors from being touched by another caller mid-run.
 */
export class RunQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; a failure does not block later tasks. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
