/**
 * Writes the inputs of the PyTorch parity check (see reference_models.py beside it):
 *   fixtures/models/tiny-gpt2/, tiny-gemma/        a seeded tiny GPT-2 and Gemma (createTinyModel + saveModel)
 *   packages/models/src/__fixtures__/parity/batches.json     one left-padded batch of two per model
 *   packages/models/src/__fixtures__/parity/adapters/<case>/ adapter_config.json +
 *       adapter_model.safetensors (PEFT's format), and for the methods that train an encoder
 *       (p-tuning, prefix projection) prompt_encoder.safetensors with its parameters.
 * Every value is seeded, so running it again rewrites the same bytes.
 *
 *   cd packages/models && ../../node_modules/.bin/tsx scripts/reference/make-parity-fixtures.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSeededRandom } from '@causal-tune/core';
import { loadModel } from '../../src/checkpoint/load-model.js';
import type { ModelCheckpoint } from '../../src/checkpoint/model-weights.js';
import { saveModel } from '../../src/checkpoint/save-model.js';
import { serializeSafetensors } from '../../src/checkpoint/safetensors-writer.js';
import type { FloatTensor } from '../../src/checkpoint/tensor.js';
import { createTinyModel } from '../../src/factory/create-tiny-model.js';
import { parseAdapterConfig, saveAdapter } from '../../src/methods/adapter-files.js';
import { baseWeightReader } from '../../src/methods/base-weights.js';
import { adapterTensorsFromTrainable, initialPeftTensors } from '../../src/methods/peft-tensors.js';
import { loadTokenizer } from '../../src/tokenizer/load-tokenizer.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');
const parityDir = join(here, '..', '..', 'src', '__fixtures__', 'parity');
const tinyGpt2Dir = join(root, 'fixtures', 'models', 'tiny-gpt2');
const tinyGemmaDir = join(root, 'fixtures', 'models', 'tiny-gemma');

/** The tiny GPT-2: createTinyModel's 'tiny' preset with initializer_range 0.3 (so logits are not all ~0) and perturbed norms and biases (zero at init, which would hide bias bugs). */
async function makeTinyGpt2(): Promise<ModelCheckpoint> {
  const model = createTinyModel({ architecture: 'gpt2', preset: 'tiny', seed: 7, configOverrides: { initializer_range: 0.3 } });
  const weights = new Map<string, FloatTensor>();
  for (const [name, tensor] of model.weights) {
    const isNorm = /ln_(1|2|f)\.weight$/.test(name);
    if (!isNorm && !name.endsWith('.bias')) {
      weights.set(name, tensor);
      continue;
    }
    const random = createSeededRandom(7, `perturb/${name}`);
    weights.set(name, { ...tensor, data: Float32Array.from(tensor.data, (value) => value + 0.1 * random.nextNormal()) });
  }
  const perturbed = { config: model.config, weights };
  await saveModel(tinyGpt2Dir, perturbed);
  return perturbed;
}

/**
 * Seeded values that show in the logits: LoRA's A and B (B starts at zero) drawn N(0, std²);
 * DoRA's magnitudes and IA3's vectors (which start where the base model is) times 1 + N(0, 0.2²).
 */
function perturbed(tensors: Map<string, FloatTensor>, std: number, seed: number): Map<string, FloatTensor> {
  return new Map(
    [...tensors].map(([name, tensor]) => {
      const random = createSeededRandom(seed, `parity/${name}`);
      const lora = /\.lora_[AB]\.weight$/.test(name);
      return [name, { ...tensor, data: Float32Array.from(tensor.data, (value) => (lora ? random.nextNormal() * std : value * (1 + 0.2 * random.nextNormal()))) }];
    }),
  );
}

/** The tiny Gemma: the 'tiny' preset with initializer_range 0.3 and norm weights N(0, 0.1²) (zero at init, which would hide the (1 + w)). */
async function makeTinyGemma(): Promise<ModelCheckpoint> {
  const model = createTinyModel({ architecture: 'gemma', preset: 'tiny', seed: 13, configOverrides: { initializer_range: 0.3 } });
  const weights = new Map<string, FloatTensor>();
  for (const [name, tensor] of model.weights) {
    const random = createSeededRandom(13, `perturb/${name}`);
    weights.set(name, name.endsWith('norm.weight') ? { ...tensor, data: Float32Array.from(tensor.data, () => 0.1 * random.nextNormal()) } : tensor);
  }
  const perturbedModel = { config: model.config, weights };
  await saveModel(tinyGemmaDir, perturbedModel);
  return perturbedModel;
}

const stories = await loadModel(join(root, 'fixtures', 'models', 'stories260K'));
const tokenizer = await loadTokenizer(join(root, 'fixtures', 'models', 'stories260K'));
const gpt2 = await makeTinyGpt2();
const gemma = await makeTinyGemma();
const models = { llama: stories, gpt2, gemma };

// One left-padded batch of two per model.
const llamaRows = [tokenizer.encode('Once upon a time, there was a little girl'), tokenizer.encode('Lily liked to play')];
const gpt2Random = createSeededRandom(11, 'parity/gpt2-batch');
const gpt2Rows = [9, 6].map((length) => Array.from({ length }, () => Math.floor(gpt2Random.nextFloat() * 511)));
const leftPad = (rows: number[][], pad: number) => {
  const length = Math.max(...rows.map((row) => row.length));
  return {
    input_ids: rows.map((row) => [...new Array<number>(length - row.length).fill(pad), ...row]),
    attention_mask: rows.map((row) => [...new Array<number>(length - row.length).fill(0), ...row.map(() => 1)]),
  };
};
const gemmaRandom = createSeededRandom(17, 'parity/gemma-batch');
const gemmaRows = [8, 5].map((length) => Array.from({ length }, () => 1 + Math.floor(gemmaRandom.nextFloat() * 511)));
const batches = { llama: leftPad(llamaRows, tokenizer.padTokenId ?? 0), gpt2: leftPad(gpt2Rows, 511), gemma: leftPad(gemmaRows, 0) };
await mkdir(parityDir, { recursive: true });
await writeFile(join(parityDir, 'batches.json'), `${JSON.stringify(batches)}\n`);

interface ParityCase {
  readonly name: string;
  readonly architecture: keyof typeof models;
  readonly adapter: Record<string, unknown> | null;
}
const { cases } = JSON.parse(await readFile(join(parityDir, 'cases.json'), 'utf8')) as { cases: ParityCase[] };
for (const parityCase of cases) {
  if (parityCase.adapter === null) continue;
  const model = models[parityCase.architecture];
  const config = parseAdapterConfig(parityCase.adapter);
  let trainable = await initialPeftTensors(config, model.config, { seed: 5, base: baseWeightReader(model) });
  // B·A·scaling of the order of a tenth of the base weights (stories260K ~0.1, tiny GPT-2 0.3).
  if (config.peft_type === 'LORA' || config.peft_type === 'IA3') trainable = perturbed(trainable, parityCase.architecture === 'gpt2' ? 0.1 : 0.05, 5);
  const directory = join(parityDir, 'adapters', parityCase.name);
  await saveAdapter(directory, { config: parityCase.adapter, tensors: await adapterTensorsFromTrainable(config, model.config, trainable) }, { model: model.config });
  if (trainable.has('prompt_encoder.embedding.weight')) await writeFile(join(directory, 'prompt_encoder.safetensors'), serializeSafetensors(trainable, { metadata: { format: 'pt' } }));
  process.stdout.write(`wrote ${directory}\n`);
}
