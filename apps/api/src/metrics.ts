import type { RequestHandler } from 'express';

const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** Request counters and a latency histogram in the Prometheus text format (GET /metrics). */
export class ApiMetrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, { buckets: number[]; sum: number; count: number }>();

  /** Counts and times every request by route and status. */
  middleware(): RequestHandler {
    return (request, response, next) => {
      const started = performance.now();
      response.on('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
        const key = `method="${request.method}",route="${route}",status="${response.statusCode}"`;
        this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
        const ms = performance.now() - started;
        const histogram = this.#latency.get(route) ?? { buckets: BUCKETS_MS.map(() => 0), sum: 0, count: 0 };
        BUCKETS_MS.forEach((bound, index) => {
          if (ms <= bound) histogram.buckets[index]! += 1;
        });
        histogram.sum += ms;
        histogram.count += 1;
        this.#latency.set(route, histogram);
      });
      next();
    };
  }

  /** The exposition text; `gauges` adds current values such as queue depths. */
  render(gauges: Readonly<Record<string, number>> = {}): string {
    const lines = ['# HELP ctune_http_requests_total Requests by method, route and status.', '# TYPE ctune_http_requests_total counter'];
    for (const [labels, count] of this.#requests) lines.push(`ctune_http_requests_total{${labels}} ${count}`);
    lines.push('# HELP ctune_http_request_duration_ms Request latency.', '# TYPE ctune_http_request_duration_ms histogram');
    for (const [route, histogram] of this.#latency) {
      BUCKETS_MS.forEach((bound, index) => lines.push(`ctune_http_request_duration_ms_bucket{route="${route}",le="${bound}"} ${histogram.buckets[index]}`));
      lines.push(`ctune_http_request_duration_ms_bucket{route="${route}",le="+Inf"} ${histogram.count}`);
      lines.push(`ctune_http_request_duration_ms_sum{route="${route}"} ${histogram.sum.toFixed(3)}`, `ctune_http_request_duration_ms_count{route="${route}"} ${histogram.count}`);
    }
    for (const [name, value] of Object.entries(gauges)) lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}
