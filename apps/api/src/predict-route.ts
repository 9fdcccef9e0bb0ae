import { parseWithSchema, type Logger } from '@causal-tune/core';
import { prepareDataset, type CourtRecord } from '@causal-tune/data-prep';
import { readRunConfig, type Classification, type ClassifyInput, type Predictor } from '@causal-tune/inference';
import { buildPromptExample, getTemplate, renderPrompt } from '@causal-tune/prompts';
import type { RequestHandler } from 'express';
import { Batcher, type BatcherOptions } from './batcher.js';
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

/** The per-model batchers of predict, kept so that shutdown can drain them. */
export class PredictBatchers {
  readonly #batchers = new Map<string, Batcher<ClassifyInput, Classification>>();
  readonly #options: BatcherOptions;

  constructor(options: BatcherOptions) {
    this.#options = options;
  }

  /** The batcher of one model and one set of classify options (only like requests are batched together). */
  of(key: string, predictor: Predictor, options: { calibrate?: boolean; threshold?: number }): Batcher<ClassifyInput, Classification> {
    let batcher = this.#batchers.get(key);
    if (!batcher) {
      batcher = new Batcher(async (items) => [...(await predictor.classify(items, { ...options, batchSize: this.#options.maxBatchSize })).items], this.#options);
      this.#batchers.set(key, batcher);
    }
    return batcher;
  }

  /** Items waiting over every model. */
  get depth(): number {
    return [...this.#batchers.values()].reduce((sum, batcher) => sum + batcher.depth, 0);
  }

  /** Sizes of every batch run so far. */
  get batchSizes(): number[] {
    return [...this.#batchers.values()].flatMap((batcher) => batcher.batchSizes);
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
    const results = await batchers.of(`${model.name}|${body.calibrate ?? false}|${body.threshold ?? 0.5}`, predictor, options).submit(inputs);
    // The prompt as the run's settings render it (template, and asking with the alias or the name).
    const settings = predictor.runDir ? (await readRunConfig(predictor.runDir)).prompt : { template: 'alpaca', askWith: 'full-name' as const };
    const template = getTemplate(settings.template);
    const askOptions = { verbalizer: predictor.verbalizer, useAlias: settings.askWith === 'alias' };
    const items: PredictItemResult[] = results.map((result, index) => {
      const input = inputs[index]!;
      const prompt = typeof input === 'string' ? input : renderPrompt(template, buildPromptExample(input as never, { template, court: askOptions }).variables);
      return {
        ...(typeof input !== 'string' && 'id' in input ? { id: input.id } : {}),
        label: result.label,
        word: result.word,
        probabilities: result.probabilities,
        prompt,
        ...(result.court ? { court: result.court } : {}),
      };
    });
    response.json({ model: model.name, items });
  };
}
