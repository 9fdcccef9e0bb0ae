import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What {@link writeRunFixture} writes into a fake run directory. */
export interface RunFixture {
  readonly name: string;
  readonly method: string;
  /** Training losses of steps 1, 2, ... */
  readonly losses: readonly number[];
  /** Evaluation lines: step and metrics. */
  readonly evaluations?: readonly { readonly step: number; readonly loss: number; readonly accuracy: number; readonly macroF1: number; readonly rocAuc: number }[];
  /** eval.json; none for a cancelled run. */
  readonly finalEvaluation?: Readonly<Record<string, number>>;
  readonly checkpoint?: boolean;
  readonly adapter?: boolean;
  /** mtime of config.json, so that the order of runs is fixed. */
  readonly modified: Date;
  /** Appends a torn line to metrics.jsonl, as a killed run may leave. */
  readonly tornLine?: boolean;
}

/**
 * Writes a run directory shaped like the trainer's (config.json, metrics.jsonl, eval.json,
 * checkpoint/, adapter/) with made-up numbers, for the runs screen and its reader.
 */
export async function writeRunFixture(runsDir: string, fixture: RunFixture): Promise<string> {
  const dir = join(runsDir, fixture.name);
  await mkdir(dir, { recursive: true });
  const config = {
    model: { path: '/fixtures/models/stories260K', device: 'cpu' },
    data: { path: '/fixtures/dacon-court/train-sample.csv', validationFraction: 0.1 },
    method: { type: fixture.method },
    optimizer: { learningRate: 3e-4 },
    training: { maxSteps: fixture.losses.length },
    outputDir: dir,
  };
  const lines = [
    ...fixture.losses.map((loss, index) => ({ type: 'step', step: index + 1, epoch: 0, loss, learningRate: 3e-4, gradNorm: 1, tokensPerSecond: 1000 + index, durationMs: 100 })),
    ...(fixture.evaluations ?? []).map((evaluation) => ({ type: 'eval', ...evaluation, positiveShare: 0.5, examples: 30 })),
  ].sort((a, b) => a.step - b.step);
  await writeFile(join(dir, 'metrics.jsonl'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n${fixture.tornLine === true ? '{"type":"step","st' : ''}`);
  if (fixture.finalEvaluation !== undefined) await writeFile(join(dir, 'eval.json'), JSON.stringify({ step: fixture.losses.length, ...fixture.finalEvaluation }));
  if (fixture.checkpoint !== false) await mkdir(join(dir, 'checkpoint'), { recursive: true });
  if (fixture.adapter === true) await mkdir(join(dir, 'adapter'), { recursive: true });
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  await utimes(configPath, fixture.modified, fixture.modified);
  return dir;
}

/** Two finished runs and a cancelled one in a new temporary runs directory. */
export async function createRunsFixture(): Promise<{ readonly runsDir: string; readonly dirs: readonly string[] }> {
  const runsDir = await mkdtemp(join(tmpdir(), 'ctune-tui-runs-'));
  const dirs = [
    await writeRunFixture(runsDir, {
      name: 'lora-a',
      method: 'lora',
      losses: [2.5, 2.1, 1.8, 1.6, 1.5, 1.4],
      evaluations: [{ step: 3, loss: 1.9, accuracy: 0.6, macroF1: 0.55, rocAuc: 0.62 }],
      finalEvaluation: { loss: 1.7, accuracy: 0.7, macroF1: 0.66, rocAuc: 0.71, examples: 30 },
      adapter: true,
      modified: new Date('2026-01-02T10:00:00Z'),
    }),
    await writeRunFixture(runsDir, {
      name: 'prompt-b',
      method: 'prompt-tuning',
      losses: [3.0, 2.8, 2.7, 2.5],
      finalEvaluation: { loss: 2.4, accuracy: 0.65, macroF1: 0.5, rocAuc: 0.6, examples: 30 },
      adapter: true,
      modified: new Date('2026-01-03T10:00:00Z'),
    }),
    await writeRunFixture(runsDir, {
      name: 'cancelled-c',
      method: 'p-tuning',
      losses: [2.9, 2.7],
      modified: new Date('2026-01-01T10:00:00Z'),
      tornLine: true,
    }),
  ];
  await mkdir(join(runsDir, 'not-a-run'), { recursive: true });
  return { runsDir, dirs };
}
