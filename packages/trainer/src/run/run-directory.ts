import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@causal-tune/core';

/** The files of a run directory (docs/architecture/run-directory.md). */
export interface RunPaths {
  readonly root: string;
  readonly config: string;
  readonly manifest: string;
  readonly metrics: string;
  readonly evaluation: string;
  readonly adapter: string;
  readonly model: string;
  readonly best: string;
  readonly checkpoint: string;
}

/** Paths of the run directory `root`. */
export function runPaths(root: string): RunPaths {
  return {
    root,
    config: join(root, 'config.json'),
    manifest: join(root, 'manifest.json'),
    metrics: join(root, 'metrics.jsonl'),
    evaluation: join(root, 'eval.json'),
    adapter: join(root, 'adapter'),
    model: join(root, 'model'),
    best: join(root, 'best'),
    checkpoint: join(root, 'checkpoint'),
  };
}

/** One line of metrics.jsonl. */
export type MetricsLine =
  | { readonly type: 'step'; readonly step: number; readonly epoch: number; readonly loss: number; readonly learningRate: number; readonly gradNorm: number; readonly tokensPerSecond: number; readonly durationMs: number }
  | { readonly type: 'eval'; readonly step: number; readonly [metric: string]: number | string };

/** Appends metrics lines; a killed run leaves whole lines, at worst a torn last one that readers skip. */
export class MetricsLog {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  async append(line: MetricsLine): Promise<void> {
    await appendFile(this.#path, `${JSON.stringify(line)}\n`);
  }

  /** Every complete line. */
  async read(): Promise<MetricsLine[]> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as MetricsLine];
        } catch {
          return [];
        }
      });
  }

  /** Drops lines after `step`: on resume, the steps after the checkpoint are run again. */
  async truncateAfter(step: number): Promise<void> {
    const kept = (await this.read()).filter((line) => line.step <= step);
    await writeFileAtomic(this.#path, kept.map((line) => `${JSON.stringify(line)}\n`).join(''));
  }
}
