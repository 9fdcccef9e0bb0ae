import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '@causal-tune/models';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

const gpt2Tokenizer = fileURLToPath(new URL('../../../../fixtures/models/gpt2-tokenizer', import.meta.url));
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-cli-model-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('ctune model init', () => {
  it('writes a seeded tiny model as a loadable Hugging Face directory with the tokenizer', async () => {
    const context = createCapturedContext();
    const out = join(root, 'tiny-gpt2');
    expect(await runCli(['model', 'init', '--arch', 'gpt2', '--preset', 'tiny', '--tokenizer', gpt2Tokenizer, '--out', out, '--seed', '3', '--json'], context)).toBe(0);
    const summary = JSON.parse(context.stdoutText());
    expect(summary).toMatchObject({ architecture: 'gpt2', preset: 'tiny', seed: 3 });
    expect((await readdir(out)).sort()).toEqual(expect.arrayContaining(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']));
    const model = await loadModel(out);
    expect(model.config.vocabSize).toBe(50257);
    expect(summary.parameters).toBe([...model.weights.values()].reduce((sum, tensor) => sum + tensor.data.length, 0));
  });

  it('exits 2 for an unknown architecture', async () => {
    expect(await runCli(['model', 'init', '--arch', 'bert', '--out', join(root, 'x')], createCapturedContext())).toBe(2);
  });
});
