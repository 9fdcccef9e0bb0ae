import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModelConfig, expectedWeights, toHfConfig } from '@causal-tune/models';
import { MetricsLog } from '@causal-tune/runs';
import { train, type TrainConfigInput } from '@causal-tune/trainer';

// Training at every weight precision, gradient checkpointing, and what real sizes are refused
// before anything is read. Big shapes cost no disk: their safetensors files are sparse (a header,
// then a hole of the right length), which opening reads but training never gets to.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = join(root, 'fixtures/models/stories260K');
const DATA = join(root, 'fixtures/dacon-court/train-sample.csv');

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ctune-real-sizes-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function config(name: string, overrides: { model?: Partial<TrainConfigInput['model']>; training?: TrainConfigInput['training']; method?: TrainConfigInput['method'] } = {}): TrainConfigInput {
  return {
    model: { path: MODEL, cacheDir: join(scratch, 'cache'), ...overrides.model },
    data: { path: DATA, maxRows: 24, validationFraction: 0.25 },
    outputDir: join(scratch, name),
    optimizer: { learningRate: 3e-3 },
    training: { maxSteps: 4, batchSize: 2, microBatchSize: 2, evalInterval: 100, checkpointInterval: 100, seed: 3, ...overrides.training },
    ...(overrides.method ? { method: overrides.method } : {}),
  };
}

const stepLosses = async (runDir: string) => (await new MetricsLog(join(runDir, 'metrics.jsonl')).read()).filter((line) => line.type === 'step').map((line) => line.loss as number);

/** A model directory of a real shape whose single safetensors file is sparse: the right header and size, no data. */
async function sparseCheckpoint(preset: 'tinyllama-1.1b' | 'llama-7b'): Promise<string> {
  const directory = join(scratch, preset);
  const config = createModelConfig({ architecture: 'llama', preset });
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, shape] of expectedWeights(config)) {
    const length = shape.reduce((a, b) => a * b, 1) * 2;
    header[name] = { dtype: 'F16', shape, data_offsets: [offset, offset + length] };
    offset += length;
  }
  const json = JSON.stringify(header);
  const padded = Buffer.from(json.padEnd(Math.ceil(json.length / 8) * 8, ' '));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(padded.length));
  await mkdir(directory, { recursive: true });
  const file = await open(join(directory, 'model.safetensors'), 'w');
  await file.write(Buffer.concat([prefix, padded]));
  await file.truncate(8 + padded.length + offset);
  await file.close();
  await writeFile(join(directory, 'config.json'), JSON.stringify(toHfConfig(config)));
  for (const name of ['tokenizer.json', 'tokenizer_config.json']) await writeFile(join(directory, name), await readFile(join(MODEL, name)));
  return directory;
}

describe('training at real sizes and every precision', () => {
  it.each(['fp16', 'bf16', 'q8', 'q4'] as const)('trains LoRA over frozen weights at %s: the loss falls and the run records its precision', async (dtype) => {
    const result = await train(config(`lora-${dtype}`, { model: { dtype } }));
    const losses = await stepLosses(result.runDir);
    expect(losses).toHaveLength(4);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const saved = JSON.parse(await readFile(join(result.runDir, 'config.json'), 'utf8'));
    expect(saved.model.dtype).toBe(dtype);
  });

  it('gradient checkpointing gives the losses of the plain run', async () => {
    const plain = await stepLosses((await train(config('plain'))).runDir);
    const checkpointed = await stepLosses((await train(config('checkpointed', { training: { maxSteps: 4, batchSize: 2, microBatchSize: 2, evalInterval: 100, checkpointInterval: 100, seed: 3, gradientCheckpointing: true } }))).runDir);
    checkpointed.forEach((loss, index) => expect(loss).toBeCloseTo(plain[index]!, 5));
  });

  it('refuses full fine-tuning of a 1.1B model before loading anything, saying what it needs', async () => {
    const directory = await sparseCheckpoint('tinyllama-1.1b');
    const error = await train({ ...config('full-1.1b', { method: { type: 'full' } }), model: { path: directory } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TRAIN_MEMORY_INSUFFICIENT', details: { parameters: 1_100_048_384, neededBytes: 1_100_048_384 * 24 } });
    expect((error as Error).message).toMatch(/needs about 26\.4 GB .* --method lora/);
    // Nothing was written: the refusal came before the run directory.
    await expect(readFile(join(scratch, 'full-1.1b', 'config.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a quantized precision for full fine-tuning (every weight trains in float32)', async () => {
    await expect(train(config('full-q8', { method: { type: 'full' }, model: { dtype: 'q8' } }))).rejects.toMatchObject({ code: 'MODEL_PRECISION_UNSUPPORTED', message: expect.stringContaining("'q8'") });
  });
});
