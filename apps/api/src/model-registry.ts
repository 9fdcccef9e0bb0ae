import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ToolkitError, type Logger } from '@causal-tune/core';
import type { Predictor } from '@causal-tune/inference';

/** One served model: a run directory (config.json + adapter/ or model/) or a model directory. */
export interface ServedModel {
  readonly name: string;
  readonly kind: 'run' | 'model';
  readonly directory: string;
}

/** Loads predictors; the real one is @causal-tune/inference's loadPredictor. */
export type PredictorLoader = (model: ServedModel) => Promise<Predictor>;

// A model name is one path segment of ordinary characters: never '..', a slash or absolute.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}

/**
 * The models of one directory, by name. Names never reach the file system unchecked: a name must
 * be a plain segment, name a direct child that is a real directory (no symlink), and resolve
 * inside the served root. Predictors load lazily, once, and are shared by all requests.
 */
export class ModelRegistry {
  readonly root: string;
  readonly #load: PredictorLoader;
  readonly #predictors = new Map<string, Promise<Predictor>>();
  readonly #logger: Logger;

  constructor(root: string, load: PredictorLoader, logger: Logger) {
    this.root = resolve(root);
    this.#load = load;
    this.#logger = logger;
  }

  /** Every servable child of the root. */
  async list(): Promise<ServedModel[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const models = await Promise.all(entries.filter((entry) => entry.isDirectory() && NAME.test(entry.name)).map((entry) => this.#describe(entry.name)));
    return models.filter((model): model is ServedModel => model !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The served model of `name`, or API_NOT_FOUND. */
  async resolve(name: string): Promise<ServedModel> {
    const model = NAME.test(name) ? await this.#describe(name) : undefined;
    if (!model) throw new ToolkitError('API_NOT_FOUND', `There is no model named '${name.slice(0, 200)}'. GET /v1/models lists the served ones.`, { details: { model: name.slice(0, 200) } });
    return model;
  }

  /** The predictor of a served model, loaded on first use. */
  predictor(model: ServedModel): Promise<Predictor> {
    let loading = this.#predictors.get(model.name);
    if (!loading) {
      this.#logger.info('model-loading', { model: model.name });
      loading = this.#load(model);
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

  async #describe(name: string): Promise<ServedModel | undefined> {
    const directory = join(this.root, name);
    const info = await lstat(directory).catch(() => undefined);
    if (!info || !info.isDirectory() || info.isSymbolicLink()) return undefined;
    const real = await realpath(directory).catch(() => undefined);
    if (!real || !real.startsWith(`${await realpath(this.root)}${sep}`)) return undefined;
    if (!(await isFile(join(directory, 'config.json')))) return undefined;
    if (await isFile(join(directory, 'model.safetensors'))) return { name, kind: 'model', directory };
    if ((await isFile(join(directory, 'adapter', 'adapter_config.json'))) || (await isFile(join(directory, 'model', 'config.json')))) return { name, kind: 'run', directory };
    return undefined;
  }
}
