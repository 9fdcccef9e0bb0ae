import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, openModel } from '@causal-tune/models';
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

  it('writes float16 shards with an index as Hugging Face does, one tensor at a time', async () => {
    const context = createCapturedContext();
    const out = join(root, 'sharded-llama');
    expect(await runCli(['model', 'init', '--arch', 'llama', '--dtype', 'float16', '--max-shard-size', '20KB', '--out', out, '--json'], context)).toBe(0);
    const summary = JSON.parse(context.stdoutText());
    expect(summary).toMatchObject({ dtype: 'float16', sizeBytes: summary.parameters * 2 });
    const files = await readdir(out);
    expect(files).toContain('model.safetensors.index.json');
    expect(files.filter((name) => name.endsWith('.safetensors')).length).toBeGreaterThan(1);
    expect((await openModel(out)).dtype).toBe('F16');
  });

  it('exits 2 for an unknown preset, dtype or shard size, naming the choices', async () => {
    for (const flags of [['--preset', 'huge'], ['--dtype', 'int8'], ['--max-shard-size', 'big']]) {
      const context = createCapturedContext();
      expect(await runCli(['model', 'init', '--arch', 'llama', ...flags, '--out', join(root, 'bad')], context)).toBe(2);
      expect(context.stderrText()).toMatch(flags[0] === '--preset' ? /tinyllama-1\.1b/ : flags[0] === '--dtype' ? /bfloat16/ : /5GB/);
    }
  });

  it('exits 2 for an unknown architecture', async () => {
    expect(await runCli(['model', 'init', '--arch', 'bert', '--out', join(root, 'x')], createCapturedContext())).toBe(2);
  });
});
