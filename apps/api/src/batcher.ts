import { ToolkitError } from '@causal-tune/core';

/** Options of {@link Batcher}. */
export interface BatcherOptions {
  /** Most items per batch. */
  readonly maxBatchSize: number;
  /** How long the first waiting item waits for company. */
  readonly maxWaitMs: number;
  /** Most items waiting; more is API_QUEUE_FULL. */
  readonly capacity: number;
  /** Called with the size of each batch as it starts (metrics). */
  readonly onBatch?: (size: number) => void;
  /** Called when the last batch has run and nothing waits. */
  readonly onIdle?: () => void;
}

/** How many batch sizes a {@link Batcher} remembers (bounded, so a long-running server does not grow). */
export const RECENT_BATCHES = 1024;

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
  /** Sizes of the latest batches, at most {@link RECENT_BATCHES} (tests; metrics count through `onBatch`). */
  readonly batchSizes: number[] = [];

  constructor(run: (items: I[]) => Promise<O[]>, options: BatcherOptions) {
    this.#run = run;
    this.#options = options;
  }

  /** Items waiting now. */
  get depth(): number {
    return this.#queued;
  }

  /** True when nothing waits and no batch runs. */
  get idle(): boolean {
    return this.#queued === 0 && this.#running === undefined && this.#timer === undefined;
  }

  /**
   * Queues `items` and resolves with their outputs. More items than the whole queue holds can never
   * fit, so they are API_PAYLOAD_TOO_LARGE (413) at once; items that would overflow the queue
   * now are API_QUEUE_FULL (503, retry shortly).
   */
  submit(items: readonly I[]): Promise<O[]> {
    const { capacity } = this.#options;
    if (items.length > capacity) {
      return Promise.reject(new ToolkitError('API_PAYLOAD_TOO_LARGE', `This request has ${items.length} items, but the prediction queue holds at most ${capacity}. Send at most ${capacity} items per request.`, { details: { items: items.length, capacity } }));
    }
    if (this.#queued + items.length > capacity) {
      return Promise.reject(new ToolkitError('API_QUEUE_FULL', `The prediction queue is full (${this.#queued} items waiting, capacity ${capacity}). Retry shortly.`, { details: { depth: this.#queued, capacity } }));
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
    if (this.batchSizes.length > RECENT_BATCHES) this.batchSizes.shift();
    this.#options.onBatch?.(size);
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
    else if (this.idle) this.#options.onIdle?.();
  }
}
