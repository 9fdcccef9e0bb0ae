import { ToolkitError, noopLogger, type Logger } from '@causal-tune/core';
import type { Predictor } from '@causal-tune/inference';
import type { PredictorProvider } from './predictor-provider.js';
import { describeServedModel, type ServedModel } from './served-files.js';

/** Loads the predictor of a served model; the real one is @causal-tune/inference's loadPredictor. */
export type ServedModelLoader = (model: ServedModel) => Promise<Predictor>;

/** Options of {@link PredictorCache}. */
export interface PredictorCacheOptions {
  /** The models directory: its children are the runs and models, by name. */
  readonly root: string;
  readonly load: ServedModelLoader;
  /** A model no chunk used for this long is released; default 10 minutes. */
  readonly idleMs?: number;
  readonly logger?: Logger;
}

interface Slot {
  readonly loading: Promise<Predictor>;
  users: number;
  timer?: NodeJS.Timeout;
}

/**
 * The predictors of a worker: each model is loaded once, on its first chunk, and kept while
 * chunks for it come in; `idleMs` after its last chunk it is released. Names resolve under the
 * models directory with the API's rules (describeServedModel: one plain segment, no link out).
 */
export class PredictorCache implements PredictorProvider {
  readonly #options: PredictorCacheOptions;
  readonly #slots = new Map<string, Slot>();
  readonly #logger: Logger;

  constructor(options: PredictorCacheOptions) {
    this.#options = options;
    this.#logger = options.logger ?? noopLogger;
  }

  /** Names loaded now (tests, log lines). */
  get loaded(): string[] {
    return [...this.#slots.keys()];
  }

  async acquire(name: string): Promise<{ predictor: Predictor; release(): void }> {
    let slot = this.#slots.get(name);
    if (!slot) {
      const loading = this.#load(name);
      const created: Slot = { loading, users: 0 };
      slot = created;
      this.#slots.set(name, created);
      loading.catch(() => {
        if (this.#slots.get(name) === created) this.#slots.delete(name);
      });
    }
    const current = slot;
    clearTimeout(current.timer);
    current.users += 1;
    try {
      const predictor = await current.loading;
      let released = false;
      return {
        predictor,
        release: () => {
          if (released) return;
          released = true;
          current.users -= 1;
          if (current.users === 0) this.#scheduleRelease(name, current);
        },
      };
    } catch (error) {
      current.users -= 1;
      throw error;
    }
  }

  /** Releases every predictor (shutdown). */
  async releaseAll(): Promise<void> {
    const slots = [...this.#slots.values()];
    this.#slots.clear();
    for (const slot of slots) clearTimeout(slot.timer);
    const loaded = await Promise.allSettled(slots.map((slot) => slot.loading));
    await Promise.all(loaded.map((result) => (result.status === 'fulfilled' ? result.value.release() : undefined)));
  }

  #scheduleRelease(name: string, slot: Slot): void {
    slot.timer = setTimeout(() => {
      if (slot.users > 0 || this.#slots.get(name) !== slot) return;
      this.#slots.delete(name);
      this.#logger.info('model-released', { model: name, idleMs: this.#options.idleMs ?? 600_000 });
      void slot.loading.then((predictor) => predictor.release()).catch(() => undefined);
    }, this.#options.idleMs ?? 600_000);
    slot.timer.unref();
  }

  async #load(name: string): Promise<Predictor> {
    const lookup = await describeServedModel(this.#options.root, name);
    if (lookup === undefined || 'refused' in lookup) {
      if (lookup !== undefined) this.#logger.warn('model-refused', { model: name, reason: 'a file links out of the models directory', link: lookup.refused });
      throw new ToolkitError('ARTIFACT_NOT_FOUND', `This worker has no model named '${name}' in its models directory (--models). Give every worker the same models directory as the API, or a copy of it.`, { details: { model: name } });
    }
    const started = performance.now();
    const predictor = await this.#options.load(lookup.model);
    this.#logger.info('model-loaded', { model: name, kind: lookup.model.kind, durationMs: Math.round(performance.now() - started) });
    return predictor;
  }
}
