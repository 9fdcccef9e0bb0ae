import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ToolkitError, type Logger, noopLogger } from '@causal-tune/core';
import type { DType, TensorData } from '../builder/dtype.js';
import type { CompiledModel } from '../onnx/compile.js';

/** Loading from bytes, onnxruntime resolves external data against this folder (and refuses paths that leave it). */
const EXTERNAL_FOLDER_KEY = 'session.model_external_initializers_file_folder_path';

/** Where onnxruntime runs the graph. */
export type ExecutionProvider = 'cpu' | 'webgpu' | 'cuda';

/** Options of {@link createSession}. */
export interface SessionOptions {
  /** Default `'cpu'`; `'webgpu'` is bundled on Linux, `'cuda'` only where its libraries were installed. */
  readonly executionProvider?: ExecutionProvider;
  /** Threads inside one op (MLAS); default: onnxruntime's choice, all physical cores. */
  readonly intraOpNumThreads?: number;
  /** Threads across independent ops; 1 keeps the per-op pool uncontended. */
  readonly interOpNumThreads?: number;
  /** Where outputs stay: `'gpu-buffer'` keeps them on the device between steps (webgpu, cuda). */
  readonly preferredOutputLocation?: 'cpu' | 'gpu-buffer';
  /** Let onnxruntime plan one memory block per input shape and reuse it across runs (default true). */
  readonly enableMemoryPattern?: boolean;
  /** Keep freed CPU memory in onnxruntime's arena for later runs (default true); false returns it to the system. */
  readonly cpuMemoryArena?: boolean;
  /**
   * onnxruntime session config entries (onnxruntime_session_options_config_keys.h), e.g.
   * `{ 'session.disable_prepacking': '1' }`. The external-data folder is set from the model.
   */
  readonly config?: Readonly<Record<string, string>>;
  /** Write the model as onnxruntime optimised it to this path (debugging, and tests of what it folded). */
  readonly optimizedModelPath?: string;
  readonly logger?: Logger;
}

/** A tensor fed to or fetched from a session. */
export interface HostTensor {
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly data: TensorData;
}

/** A feed: a host tensor, or an onnxruntime tensor kept from an earlier run (stays on device). */
export type Feed = HostTensor | ort.Tensor;

/**
 * One onnxruntime session over a compiled graph, created once and reused across steps.
 * `run` checks feed names and returns typed host tensors; `runRaw` returns onnxruntime
 * tensors so that device-resident outputs can be fed back without a copy.
 */
export class GraphSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly executionProvider: ExecutionProvider;
  readonly #session: ort.InferenceSession;

  private constructor(session: ort.InferenceSession, executionProvider: ExecutionProvider) {
    this.#session = session;
    this.inputNames = session.inputNames;
    this.outputNames = session.outputNames;
    this.executionProvider = executionProvider;
  }

  /** Creates a session; see {@link createSession}. */
  static async create(model: CompiledModel | Uint8Array | string, options: SessionOptions = {}): Promise<GraphSession> {
    const logger = options.logger ?? noopLogger;
    const executionProvider = options.executionProvider ?? 'cpu';
    const folder = typeof model === 'string' || model instanceof Uint8Array ? undefined : model.externalDataFolder;
    const config = { ...options.config, ...(folder === undefined ? {} : { [EXTERNAL_FOLDER_KEY]: folder }) };
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: [executionProvider === 'cpu' && options.cpuMemoryArena === false ? { name: 'cpu', useArena: false } : executionProvider],
      graphOptimizationLevel: 'all',
      enableMemPattern: options.enableMemoryPattern ?? true,
      ...(Object.keys(config).length === 0 ? {} : { extra: config }),
      ...(options.optimizedModelPath === undefined ? {} : { optimizedModelFilePath: options.optimizedModelPath }),
      ...(options.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: options.intraOpNumThreads }),
      ...(options.interOpNumThreads === undefined ? {} : { interOpNumThreads: options.interOpNumThreads }),
      ...(options.preferredOutputLocation === undefined ? {} : { preferredOutputLocation: options.preferredOutputLocation }),
    };
    let temporaryDirectory: string | undefined;
    try {
      let source: Uint8Array | string;
      if (typeof model === 'string' || model instanceof Uint8Array) source = model;
      else if (model.externalData) {
        // onnxruntime-node resolves external data relative to the model file, so both go to disk.
        temporaryDirectory = await mkdtemp(join(tmpdir(), 'ctune-onnx-'));
        source = join(temporaryDirectory, 'model.onnx');
        await writeFile(source, model.model);
        await writeFile(join(temporaryDirectory, model.externalData.path), Buffer.concat(model.externalData.chunks.map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))));
      } else source = model.model;
      const started = performance.now();
      const session = typeof source === 'string' ? await ort.InferenceSession.create(source, sessionOptions) : await ort.InferenceSession.create(source, sessionOptions);
      logger.debug('session-created', { executionProvider, durationMs: Math.round(performance.now() - started) });
      return new GraphSession(session, executionProvider);
    } catch (cause) {
      const message = (cause as Error).message ?? String(cause);
      if (executionProvider !== 'cpu' && /provider|backend|webgpu|cuda|adapter|device/i.test(message)) {
        throw new ToolkitError('RUNTIME_PROVIDER_UNAVAILABLE', `The execution provider '${executionProvider}' cannot be used here: ${message}. Use --device cpu, or run on a machine with a supported GPU.`, {
          details: { executionProvider },
          cause,
        });
      }
      throw new ToolkitError('RUNTIME_SESSION_FAILED', `onnxruntime could not create a session: ${message}`, { details: { executionProvider }, cause });
    } finally {
      if (temporaryDirectory) await rm(temporaryDirectory, { recursive: true, force: true });
    }
  }

  /** Runs the graph and returns host tensors for `fetches` (default: every output). */
  async run(feeds: Readonly<Record<string, Feed>>, fetches?: readonly string[]): Promise<Record<string, HostTensor>> {
    const raw = await this.runRaw(feeds, fetches);
    const result: Record<string, HostTensor> = {};
    for (const [name, tensor] of Object.entries(raw)) {
      const data = tensor.location === 'cpu' ? tensor.data : await tensor.getData(true);
      result[name] = { dtype: tensor.type as DType, dims: tensor.dims, data: data as TensorData };
    }
    return result;
  }

  /** Runs the graph and returns onnxruntime tensors, which may live on the device. */
  async runRaw(feeds: Readonly<Record<string, Feed>>, fetches?: readonly string[]): Promise<Record<string, ort.Tensor>> {
    const missing = this.inputNames.filter((name) => !(name in feeds));
    const unknown = Object.keys(feeds).filter((name) => !this.inputNames.includes(name));
    if (missing.length > 0 || unknown.length > 0) {
      throw new ToolkitError('RUNTIME_FEED_INVALID', `Feeds do not match the session's inputs.${missing.length ? ` Missing: ${missing.join(', ')}.` : ''}${unknown.length ? ` Unknown: ${unknown.join(', ')}.` : ''} Expected: ${this.inputNames.join(', ')}.`, {
        details: { missing, unknown },
      });
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) ortFeeds[name] = feed instanceof ort.Tensor ? feed : toOrtTensor(feed as HostTensor);
    try {
      return (fetches === undefined ? await this.#session.run(ortFeeds) : await this.#session.run(ortFeeds, [...fetches])) as Record<string, ort.Tensor>;
    } catch (cause) {
      throw new ToolkitError('RUNTIME_SESSION_FAILED', `onnxruntime failed to run the graph: ${(cause as Error).message}`, { cause });
    }
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.#session.release();
  }
}

/**
 * Creates an onnxruntime session from a compiled graph (or ONNX bytes, or a path).
 *
 * @example
 * const session = await createSession(compile(graph), { executionProvider: 'cpu' });
 * const { y } = await session.run({ x: { dtype: 'float32', dims: [2], data: new Float32Array([1, 2]) } });
 */
export function createSession(model: CompiledModel | Uint8Array | string, options?: SessionOptions): Promise<GraphSession> {
  return GraphSession.create(model, options);
}

/** Wraps a host tensor for onnxruntime without copying its data. */
export function toOrtTensor(tensor: HostTensor): ort.Tensor {
  const { dtype } = tensor;
  if (dtype === 'bool') return new ort.Tensor('bool', tensor.data as Uint8Array, tensor.dims);
  if (dtype === 'bfloat16' || dtype === 'uint4' || dtype === 'int4') {
    throw new ToolkitError('RUNTIME_FEED_INVALID', `onnxruntime-node cannot take a ${dtype} tensor as a feed; feed float32 (or float16) and cast inside the graph.`, { details: { dtype } });
  }
  return new ort.Tensor(dtype, tensor.data as Float32Array, tensor.dims);
}
