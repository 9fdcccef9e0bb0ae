import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Options of {@link ApiMetrics}. */
export interface ApiMetricsOptions {
  /** Items waiting in the prediction queues now. */
  readonly queueDepth: () => number;
  /** Add prom-client's process metrics (RSS, heap, event-loop lag); on for a real server, off in tests. */
  readonly processMetrics?: boolean;
}

/**
 * The API's Prometheus metrics (GET /metrics), in prom-client's own registry (one per app, so
 * that apps in one process do not share counters): requests by method, route and status, a
 * latency histogram, the queue depth, and batches with their sizes.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'route'>;
  readonly #batches: Counter;
  readonly #batchSizes: Histogram;

  constructor(options: ApiMetricsOptions) {
    const registers = [this.registry];
    this.#requests = new Counter({ name: 'ctune_http_requests_total', help: 'Requests by method, route and status.', labelNames: ['method', 'route', 'status'], registers });
    this.#duration = new Histogram({ name: 'ctune_http_request_duration_seconds', help: 'Request latency by route.', labelNames: ['route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
    this.#batches = new Counter({ name: 'ctune_predict_batches_total', help: 'Classification batches run.', registers });
    this.#batchSizes = new Histogram({ name: 'ctune_predict_batch_size', help: 'Items per classification batch.', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers });
    new Gauge({
      name: 'ctune_predict_queue_depth',
      help: 'Predict items waiting now.',
      registers,
      collect() {
        this.set(options.queueDepth());
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'ctune_' });
  }

  /** Counts and times every request by route (the route's pattern; `unmatched` for 404s) and status. */
  middleware(): RequestHandler {
    return (request, response, next) => {
      const stop = this.#duration.startTimer();
      response.once('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
        this.#requests.inc({ method: request.method.slice(0, 16), route, status: String(response.statusCode) });
        stop({ route });
      });
      next();
    };
  }

  /** Records one classification batch of `size` items. */
  observeBatch(size: number): void {
    this.#batches.inc();
    this.#batchSizes.observe(size);
  }

  /** The exposition's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
