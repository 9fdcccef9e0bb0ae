import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ToolkitError, type Logger } from '@causal-tune/core';
import type { Predictor } from '@causal-tune/inference';
import { SERVED_NAME, describeServedModel, type PredictorProvider, type ServedModel } from '@causal-tune/jobs';

export type { ServedModel } from '@causal-tune/jobs';

/** What clients see of a served model: its name and kind, never its directory. */
export interface ServedModelSummary {
  readonly name: string;
  readonly kind: 'run' | 'model';
}

/** Loads predictors; the real one is @causal-tune/inference's loadPredictor. */
export type PredictorLoader = (model: ServedModel) => Promise<Predictor>;

/**
 * The models of one directory, by name. Names never reach the file system unchecked: a name must
 * be a plain segment naming a direct child directory. Symbolic links are followed, and a model is
 * served only when the child and every file under it resolve inside the served root
 * (`describeServedModel` of @causal-tune/jobs, the policy `ctune worker` applies too); one link
 * out of it and the model is not served (404, logged).
 * Predictors load lazily, once, and are shared by all requests. A model that fails to load is
 * API_MODEL_UNAVAILABLE for the client, with no path or file content; the reason goes to the log.
 */
export class ModelRegistry {
  readonly root: string;
  readonly #load: PredictorLoader;
  readonly #predictors = new Map<string, Promise<Predictor>>();
  readonly #logger: Logger;
  readonly #refused = new Set<string>();

  constructor(root: string, load: PredictorLoader, logger: Logger) {
    this.root = resolve(root);
    this.#load = load;
    this.#logger = logger;
  }

  /** Every servable child of the root. */
  async list(): Promise<ServedModel[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const models = await Promise.all(names.filter((name) => SERVED_NAME.test(name)).map((name) => this.#describe(name)));
    return models.filter((model): model is ServedModel => model !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Names and kinds of {@link list}: what /v1/models and /readyz answer. */
  async summaries(): Promise<ServedModelSummary[]> {
    return (await this.list()).map(({ name, kind }) => ({ name, kind }));
  }

  /** True when the served root can be read. */
  async readable(): Promise<boolean> {
    return readdir(this.root).then(() => true, () => false);
  }

  /** The served model of `name`, or API_NOT_FOUND. */
  async resolve(name: string): Promise<ServedModel> {
    const model = SERVED_NAME.test(name) ? await this.#describe(name) : undefined;
    if (!model) throw new ToolkitError('API_NOT_FOUND', 'There is no model of that name. GET /v1/models lists the served ones.', { details: { model: name.slice(0, 200) } });
    return model;
  }

  /** The predictor of a served model, loaded on first use. */
  predictor(model: ServedModel): Promise<Predictor> {
    let loading = this.#predictors.get(model.name);
    if (!loading) {
      this.#logger.info('model-loading', { model: model.name });
      loading = this.#unavailableOnFailure(model, this.#load(model));
      loading.catch(() => this.#predictors.delete(model.name));
      this.#predictors.set(model.name, loading);
    }
    return loading;
  }

  /** Releases every loaded predictor (shutdown). */
  async release(): Promise<void> {
    const loaded = await Promise.allSettled(this.#predictors.values());
    this.#predictors.clear();
    await Promise.all(loaded.map((result) => (result.status === 'fulfilled' ? result.value.release() : undefined)));
  }

  // Load errors name files and quote their contents (a JSON parse error does): they go to the
  // log, and the client gets the model's name only.
  async #unavailableOnFailure<T>(model: ServedModel, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (cause) {
      const reason = cause as { code?: string; message?: string };
      this.#logger.error('model-load-failed', { model: model.name, code: reason?.code, message: reason?.message });
      throw new ToolkitError('API_MODEL_UNAVAILABLE', `The model '${model.name}' could not be loaded: its files are missing or invalid. The server log has the reason.`, { details: { model: model.name }, cause });
    }
  }

  async #describe(name: string): Promise<ServedModel | undefined> {
    const lookup = await describeServedModel(this.root, name);
    if (lookup !== undefined && 'refused' in lookup) {
      if (!this.#refused.has(name) && this.#refused.size < 1000) {
        this.#refused.add(name);
        this.#logger.warn('model-refused', { model: name, reason: 'a file links out of the served directory', link: lookup.refused });
      }
      return undefined;
    }
    return lookup?.model;
  }

  /** The registry as the in-process job worker's predictor provider: by name, loaded once, shared with /v1/predict. */
  predictorProvider(): PredictorProvider {
    return {
      acquire: async (name) => ({ predictor: await this.predictor(await this.resolve(name)), release: () => undefined }),
    };
  }
}
