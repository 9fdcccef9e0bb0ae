import type { Logger } from '@causal-tune/core';
import { compile, createSession, type ExecutionProvider, type GraphBuilder, type GraphSession } from '@causal-tune/graph';

/** Options of {@link SessionCache}. */
export interface SessionCacheOptions {
  readonly device: ExecutionProvider;
  /** Threads per op (onnxruntime intra-op threads); default: onnxruntime's choice. */
  readonly threads?: number;
  readonly logger: Logger;
}

/**
 * Builds each named graph once, on first use, and keeps its onnxruntime session. Concurrent
 * first uses share one build.
 */
export class SessionCache {
  readonly #options: SessionCacheOptions;
  readonly #sessions = new Map<string, Promise<GraphSession>>();

  constructor(options: SessionCacheOptions) {
    this.#options = options;
  }

  /** The session of graph `name`, building it with `build` the first time. */
  get(name: string, build: () => GraphBuilder): Promise<GraphSession> {
    let session = this.#sessions.get(name);
    if (session === undefined) {
      session = this.#create(name, build);
      this.#sessions.set(name, session);
      // A failed build is not cached: the next call tries again.
      session.catch(() => this.#sessions.delete(name));
    }
    return session;
  }

  async #create(name: string, build: () => GraphBuilder): Promise<GraphSession> {
    const { device, threads, logger } = this.#options;
    const started = performance.now();
    const graph = build();
    // Large weights are file-backed (external data), so the protobuf stays small at any model size.
    const session = await createSession(compile(graph), {
      executionProvider: device,
      interOpNumThreads: 1,
      ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
      logger,
    });
    logger.debug('inference session ready', { graph: name, nodes: graph.records.length, durationMs: Math.round(performance.now() - started) });
    return session;
  }

  /** Releases every session built so far. */
  async release(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map(async (session) => (await session.catch(() => undefined))?.release()));
  }
}
