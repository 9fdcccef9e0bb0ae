import { createHash } from 'node:crypto';
import { open, readFile, rename, rm, stat, mkdir, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { ToolkitError, writeJsonAtomic } from '@causal-tune/core';
import { z } from 'zod';
import type { FrozenTensor, TensorBytes } from './frozen-tensor.js';
import { WEIGHT_PRECISION_NAMES, type WeightPrecision } from './weight-precision.js';

// A weight cache folder holds what a precision derives from a checkpoint (converted or quantized
// weights) so that it is computed once: `weights.bin` (forward parts), `backward.bin` (the
// transposed 8-bit copies training adds, written when first needed) and `manifest.json`
// (where each part lies, and which checkpoint files, by size and mtime, it was made from).
// A folder is written under a temporary name and renamed, so a killed conversion leaves no
// half cache; a checkpoint that changed makes a new key.

/** Bump when the cached formats change: old folders are then ignored. */
const CACHE_VERSION = 1;
const MANIFEST = 'manifest.json';
export const FORWARD_FILE = 'weights.bin';
export const BACKWARD_FILE = 'backward.bin';
/** Parts start at multiples of this (page size: mmap-friendly). */
const ALIGNMENT = 4096;

/** The default cache root: ~/.cache/causal-tune/weights (apps may pass another). */
export function defaultWeightCacheDir(): string {
  return join(homedir(), '.cache', 'causal-tune', 'weights');
}

/** Identity of the checkpoint files a cache was made from. */
export interface SourceFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

const partSchema = z.object({ file: z.enum([FORWARD_FILE, BACKWARD_FILE]), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() });
const shape2 = z.tuple([z.number().int().positive(), z.number().int().positive()]);
const cachedTensorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('float'), dtype: z.enum(['float32', 'float16', 'bfloat16']), shape: z.array(z.number().int().nonnegative()), bytes: partSchema, castOnLoad: z.boolean().optional() }),
  z.object({ kind: z.literal('q8'), shape: shape2, packed: partSchema, scales: partSchema, rowScales: partSchema, transposed: partSchema.optional() }),
  z.object({ kind: z.literal('q4'), shape: shape2, packed: partSchema, scales: partSchema }),
]);
const manifestSchema = z.object({
  version: z.literal(CACHE_VERSION),
  precision: z.enum(WEIGHT_PRECISION_NAMES),
  source: z.object({ directory: z.string(), files: z.array(z.object({ path: z.string(), sizeBytes: z.number(), modifiedMs: z.number() })) }),
  backward: z.boolean(),
  tensors: z.record(z.string(), cachedTensorSchema),
});
type CacheManifest = z.output<typeof manifestSchema>;
type CachedPart = z.output<typeof partSchema>;

/** The identity of `files` (size and modification time of each). */
export async function describeSourceFiles(files: readonly string[]): Promise<SourceFile[]> {
  return Promise.all(files.map(async (path) => {
    const info = await stat(path);
    return { path, sizeBytes: info.size, modifiedMs: Math.trunc(info.mtimeMs) };
  }));
}

/** The cache folder of a checkpoint at a precision. */
export function weightCacheFolder(cacheDir: string, directory: string, precision: WeightPrecision, files: readonly SourceFile[]): string {
  const key = createHash('sha256').update(JSON.stringify({ version: CACHE_VERSION, directory, precision, files })).digest('hex').slice(0, 16);
  const name = basename(directory).replace(/[^A-Za-z0-9._-]/g, '_') || 'model';
  return join(cacheDir, `${name}-${precision}-${key}`);
}

/** A cache folder's frozen tensors, when it holds everything asked for; null when it must be (re)built. */
export async function readWeightCache(folder: string, files: readonly SourceFile[]): Promise<{ readonly tensors: Map<string, FrozenTensor>; readonly backward: boolean } | null> {
  let manifest: CacheManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(folder, MANIFEST), 'utf8')));
  } catch {
    return null;
  }
  if (JSON.stringify(manifest.source.files) !== JSON.stringify(files)) return null;
  const tensors = new Map<string, FrozenTensor>();
  const part = (value: CachedPart): TensorBytes => ({ external: { path: join(folder, value.file), offset: value.offset, length: value.length } });
  for (const [name, cached] of Object.entries(manifest.tensors)) {
    if (cached.kind === 'float') tensors.set(name, { kind: 'float', dtype: cached.dtype, shape: cached.shape, bytes: part(cached.bytes), ...(cached.castOnLoad ? { castOnLoad: true } : {}) });
    else if (cached.kind === 'q4') tensors.set(name, { kind: 'q4', shape: cached.shape, packed: part(cached.packed), scales: part(cached.scales) });
    else tensors.set(name, { kind: 'q8', shape: cached.shape, packed: part(cached.packed), scales: part(cached.scales), rowScales: part(cached.rowScales), ...(cached.transposed ? { transposed: part(cached.transposed) } : {}) });
  }
  return { tensors, backward: manifest.backward };
}

/** Appends parts to one file of a cache, aligned, and says where each went. */
class PartFile {
  readonly #handle: FileHandle;
  readonly #name: typeof FORWARD_FILE | typeof BACKWARD_FILE;
  #offset = 0;

  private constructor(handle: FileHandle, name: typeof FORWARD_FILE | typeof BACKWARD_FILE) {
    this.#handle = handle;
    this.#name = name;
  }

  static async create(path: string, name: typeof FORWARD_FILE | typeof BACKWARD_FILE): Promise<PartFile> {
    return new PartFile(await open(path, 'w'), name);
  }

  async append(bytes: Uint8Array): Promise<CachedPart> {
    const padding = (ALIGNMENT - (this.#offset % ALIGNMENT)) % ALIGNMENT;
    if (padding > 0) {
      await this.#handle.write(new Uint8Array(padding), 0, padding, this.#offset);
      this.#offset += padding;
    }
    const part = { file: this.#name, offset: this.#offset, length: bytes.byteLength };
    for (let written = 0; written < bytes.byteLength; ) {
      const { bytesWritten } = await this.#handle.write(bytes, written, Math.min(bytes.byteLength - written, 1 << 30), this.#offset + written);
      written += bytesWritten;
    }
    this.#offset += bytes.byteLength;
    return part;
  }

  async close(): Promise<void> {
    await this.#handle.sync();
    await this.#handle.close();
  }
}

function bytesOf(part: TensorBytes): Uint8Array {
  if (part.data === undefined) throw new ToolkitError('INTERNAL_ASSERTION', 'A weight cache stores parts that are in memory.');
  return new Uint8Array(part.data.buffer, part.data.byteOffset, part.data.byteLength);
}

/** Writes a cache folder from frozen tensors produced one at a time (so memory holds one at a time). */
export class WeightCacheWriter {
  readonly #folder: string;
  readonly #partial: string;
  readonly #manifest: CacheManifest;
  #forward?: PartFile;
  #backward?: PartFile;

  private constructor(folder: string, partial: string, manifest: CacheManifest) {
    this.#folder = folder;
    this.#partial = partial;
    this.#manifest = manifest;
  }

  static async create(folder: string, precision: WeightPrecision, directory: string, files: readonly SourceFile[], backward: boolean): Promise<WeightCacheWriter> {
    const partial = `${folder}.partial-${process.pid}-${Date.now()}`;
    try {
      await mkdir(partial, { recursive: true });
    } catch (cause) {
      throw new ToolkitError('ARTIFACT_WRITE_FAILED', `Could not create the weight cache '${partial}': ${(cause as Error).message}. Pass a writable cache directory (--cache-dir).`, { details: { path: partial }, cause });
    }
    const writer = new WeightCacheWriter(folder, partial, { version: CACHE_VERSION, precision, source: { directory, files: [...files] }, backward, tensors: {} });
    writer.#forward = await PartFile.create(join(partial, FORWARD_FILE), FORWARD_FILE);
    return writer;
  }

  /** Stores one frozen tensor (its parts in memory) and forgets its bytes. */
  async add(name: string, tensor: FrozenTensor): Promise<void> {
    const forward = this.#forward!;
    if (tensor.kind === 'float') {
      this.#manifest.tensors[name] = { kind: 'float', dtype: tensor.dtype, shape: [...tensor.shape], bytes: await forward.append(bytesOf(tensor.bytes)), ...(tensor.castOnLoad ? { castOnLoad: true } : {}) };
    } else if (tensor.kind === 'q4') {
      this.#manifest.tensors[name] = { kind: 'q4', shape: [...tensor.shape], packed: await forward.append(bytesOf(tensor.packed)), scales: await forward.append(bytesOf(tensor.scales)) };
    } else {
      let transposed: CachedPart | undefined;
      if (tensor.transposed !== undefined && this.#manifest.backward) {
        this.#backward ??= await PartFile.create(join(this.#partial, BACKWARD_FILE), BACKWARD_FILE);
        transposed = await this.#backward.append(bytesOf(tensor.transposed));
      }
      this.#manifest.tensors[name] = {
        kind: 'q8',
        shape: [...tensor.shape],
        packed: await forward.append(bytesOf(tensor.packed)),
        scales: await forward.append(bytesOf(tensor.scales)),
        rowScales: await forward.append(bytesOf(tensor.rowScales)),
        ...(transposed === undefined ? {} : { transposed }),
      };
    }
  }

  /** Closes the files, writes the manifest and moves the folder into place; returns its final path. */
  async finish(): Promise<string> {
    await this.#forward?.close();
    await this.#backward?.close();
    await writeJsonAtomic(join(this.#partial, MANIFEST), this.#manifest);
    await rm(this.#folder, { recursive: true, force: true });
    try {
      await rename(this.#partial, this.#folder);
    } catch (cause) {
      // Another process finished the same cache first: keep theirs.
      await rm(this.#partial, { recursive: true, force: true });
      if (!(await stat(join(this.#folder, MANIFEST)).catch(() => null))) throw new ToolkitError('ARTIFACT_WRITE_FAILED', `Could not move the weight cache into '${this.#folder}': ${(cause as Error).message}.`, { details: { path: this.#folder }, cause });
    }
    return this.#folder;
  }

  /** Removes what was written (a failed or aborted conversion). */
  async discard(): Promise<void> {
    await this.#forward?.close().catch(() => undefined);
    await this.#backward?.close().catch(() => undefined);
    await rm(this.#partial, { recursive: true, force: true });
  }
}
