import { ToolkitError } from '@causal-tune/core';

/** Options of {@link Batcher}. */
export interface BatcherOptions {
  /** Most items per batch. */
  readonly maxBatchSize: number;
  /** How long the first waiting item waits for company. */
  readonly maxWaitMs: number;
  /** Most items waiting; more is API_QUEUE_FULL. */
  readonly capacity: number;
}

interface Pending<I, O> {
  readonly items: readonly I[];
  readonly resolve: (outputs: O[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the items of concurrent requests into batches for one model: a bounded queue, a short
 * wait, a maximum batch size. Each request gets its own outputs back, in order; one batch runs
 * at a time (the predictor already uses every core). `drain` waits for everything queued.
 */
export class Batcher<I, O> {
  readonly #run: (items: I[]) => Promise<O[]>;
  readonly #options: BatcherOptions;
  readonly #queue: Pending<I, O>[] = [];
  #queued = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  /** Batches run so far and their sizes (metrics, tests). */
  readonly batchSizes: number[] = [];

  constructor(run: (items: I[]) => Promise<O[]>, options: BatcherOptions) {
    this.#run = run;
    this.#options = options;
  }

  /** Items waiting now. */
  get depth(): number {
    return this.#queued;
  }

  /** Queues `items` and resolves with their outputs. */
  submit(items: readonly I[]): Promise<O[]> {
    if (this.#queued + items.length > this.#options.capacity) {
      return Promise.reject(new ToolkitError('API_QUEUE_FULL', `The prediction queue is full (${this.#queued} items waiting, capacity ${this.#options.capacity}). Retry shortly.`, { details: { depth: this.#queued, capacity: this.#options.capacity } }));
    }
    return new Promise<O[]>((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      this.#queued += items.length;
      this.#schedule();
    });
  }

  /** Resolves when every queued item has been answered. */
  async drain(): Promise<void> {
    while (this.#queued > 0 || this.#running) {
      if (this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        void this.#flush();
      }
      await (this.#running ?? new Promise((resolve) => setTimeout(resolve, 1)));
    }
  }

  #schedule(): void {
    if (this.#running || this.#timer) return;
    if (this.#queued >= this.#options.maxBatchSize || this.#options.maxWaitMs === 0) void this.#flush();
    else this.#timer = setTimeout(() => void this.#flush(), this.#options.maxWaitMs);
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    if (this.#running || this.#queue.length === 0) return;
    // Whole requests only, so that each one's items stay together; at least one request.
    const taken: Pending<I, O>[] = [];
    let size = 0;
    while (this.#queue.length > 0 && (taken.length === 0 || size + this.#queue[0]!.items.length <= this.#options.maxBatchSize)) {
      const next = this.#queue.shift()!;
      taken.push(next);
      size += next.items.length;
    }
    this.#queued -= size;
    this.batchSizes.push(size);
    this.#running = (async () => {
      try {
        const outputs = await this.#run(taken.flatMap((pending) => [...pending.items]));
        let offset = 0;
        for (const pending of taken) {
          pending.resolve(outputs.slice(offset, offset + pending.items.length));
          offset += pending.items.length;
        }
      } catch (error) {
        for (const pending of taken) pending.reject(error);
      }
    })();
    await this.#running;
    this.#running = undefined;
    if (this.#queue.length > 0) this.#schedule();
  }
}
