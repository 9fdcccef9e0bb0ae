import { parseWithSchema, type Logger } from '@causal-tune/core';
import { prepareDataset, type CourtRecord } from '@causal-tune/data-prep';
import type { Classification, ClassifyInput, Predictor } from '@causal-tune/inference';
import type { RequestHandler } from 'express';
import { Batcher, RECENT_BATCHES, type BatcherOptions } from './batcher.js';
import type { ModelRegistry } from './model-registry.js';
import { predictRequestSchema, type PredictRequest } from './request-schemas.js';

/** One answered item of POST /v1/predict. */
export interface PredictItemResult {
  readonly id?: string;
  readonly label: string | number;
  readonly word: string;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly prompt: string;
  readonly court?: Classification['court'];
}

/**
 * The per-model batchers of predict, kept so that shutdown can drain them. Only like requests
 * (same model and classify options) share a batcher; a batcher with nothing queued or running is
 * dropped, so that clients sending many different thresholds cannot grow the map.
 */
export class PredictBatchers {
  readonly #batchers = new Map<string, Batcher<ClassifyInput, Classification>>();
  readonly #options: BatcherOptions;
  readonly #recent: number[] = [];

  constructor(options: BatcherOptions) {
    this.#options = options;
  }

  /** Classifies `items` with the batcher of `key`, created on demand and dropped when idle. */
  async submit(key: string, predictor: Predictor, options: { calibrate?: boolean; threshold?: number }, items: readonly ClassifyInput[]): Promise<Classification[]> {
    let batcher = this.#batchers.get(key);
    if (!batcher) {
      const onBatch = (size: number) => {
        this.#recent.push(size);
        if (this.#recent.length > RECENT_BATCHES) this.#recent.shift();
        this.#options.onBatch?.(size);
      };
      const created: Batcher<ClassifyInput, Classification> = new Batcher(async (batch) => [...(await predictor.classify(batch, { ...options, batchSize: this.#options.maxBatchSize })).items], {
        ...this.#options,
        onBatch,
        onIdle: () => this.#forget(key, created),
      });
      batcher = created;
      this.#batchers.set(key, batcher);
    }
    const submitted = batcher.submit(items);
    // A refused submit (too many items, queue full) may leave a batcher that never runs.
    submitted.catch(() => this.#forget(key, batcher));
    return submitted;
  }

  #forget(key: string, batcher: Batcher<ClassifyInput, Classification>): void {
    if (batcher.idle && this.#batchers.get(key) === batcher) this.#batchers.delete(key);
  }

  /** Items waiting over every model. */
  get depth(): number {
    return [...this.#batchers.values()].reduce((sum, batcher) => sum + batcher.depth, 0);
  }

  /** Batchers alive now (tests). */
  get size(): number {
    return this.#batchers.size;
  }

  /** Sizes of the latest batches over every model (at most {@link RECENT_BATCHES}). */
  get batchSizes(): number[] {
    return [...this.#recent];
  }

  async drain(): Promise<void> {
    await Promise.all([...this.#batchers.values()].map((batcher) => batcher.drain()));
  }
}

/** POST /v1/predict: validate, resolve the model, prepare court records, classify through the batcher. */
export function predictRoute(registry: ModelRegistry, batchers: PredictBatchers, logger: Logger): RequestHandler {
  return async (request, response) => {
    const body: PredictRequest = parseWithSchema(predictRequestSchema, request.body, 'The predict request');
    const model = await registry.resolve(body.model);
    const predictor = await registry.predictor(model);
    const court: CourtRecord[] = [];
    body.items.forEach((item, index) => {
      if ('facts' in item) court.push({ row: index + 1, id: item.id ?? `item-${index}`, firstParty: item.first_party, secondParty: item.second_party, facts: item.facts });
    });
    const prepared = await prepareDataset(court, { logger });
    let next = 0;
    const inputs: ClassifyInput[] = body.items.map((item) => ('prompt' in item ? item.prompt : prepared[next++]!));
    const options = { ...(body.calibrate === undefined ? {} : { calibrate: body.calibrate }), ...(body.threshold === undefined ? {} : { threshold: body.threshold }) };
    const results = await batchers.submit(`${model.name}|${body.calibrate ?? false}|${body.threshold ?? 0.5}`, predictor, options, inputs);
    const items: PredictItemResult[] = results.map((result, index) => {
      const input = inputs[index]!;
      return {
        ...(typeof input !== 'string' && 'id' in input ? { id: input.id } : {}),
        label: result.label,
        word: result.word,
        probabilities: result.probabilities,
        // The prompt that was scored: the run's template, the facts cut to fit its cutoffLen.
        prompt: result.prompt,
        ...(result.court ? { court: result.court } : {}),
      };
    });
    response.json({ model: model.name, items });
  };
}
