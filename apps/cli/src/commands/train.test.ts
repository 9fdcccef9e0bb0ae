import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';
import { BUNDLED } from '../bundled-assets.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-cli-train-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('ctune train', () => {
  it('trains the demo preset with flags over it; --json prints events, then the summary last', async () => {
    const context = createCapturedContext();
    const out = join(root, 'run');
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '3', '--eval-interval', '2', '--lora-r', '4', '--out', out, '--json'], context)).toBe(0);
    const lines = context.stdoutText().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.type === 'step-end').map((line) => line.step)).toEqual([1, 2, 3]);
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ runDir: out, method: 'lora', steps: 3, stoppedBy: 'completed', trainExamples: 240, validationExamples: 60 });
    expect(summary.tokensPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(summary.finalLoss)).toBe(true);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.method).toMatchObject({ type: 'lora', r: 4 });
    expect(config.training).toMatchObject({ maxSteps: 3, evalInterval: 2, batchSize: 8 });
    // The preset's path, resolved against the bundled data (apps/cli/assets/ once built).
    expect(config.model.path).toBe(BUNDLED.model);
  });

  it('prints step lines without ANSI codes off a TTY and a text summary', async () => {
    const context = createCapturedContext();
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '2', '--out', join(root, 'plain')], context)).toBe(0);
    expect(context.stderrText()).toMatch(/^step 1\/2 \| loss \d+\.\d{4} \| lr /m);
    expect(context.stderrText()).not.toMatch(/\u001b\[/);
    expect(context.stdoutText()).toContain(`run directory: ${join(root, 'plain')}`);
  });

  it('refuses --resume with other settings without touching config.json, refuses a second run without --overwrite, and replaces it with one', async () => {
    const out = join(root, 'finished');
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '2', '--out', out], createCapturedContext())).toBe(0);
    const before = await readFile(join(out, 'config.json'), 'utf8');
    const refused = createCapturedContext();
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '2', '--out', out, '--resume', '--cutoff-len', '400', '--lr', '0.5'], refused)).toBe(1);
    expect(refused.stderrText()).toMatch(/^ARTIFACT_INCOMPATIBLE: /);
    expect(await readFile(join(out, 'config.json'), 'utf8')).toBe(before);
    const again = createCapturedContext();
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '2', '--out', out], again)).toBe(1);
    expect(again.stderrText()).toMatch(/^ARTIFACT_EXISTS: .*--resume.*--overwrite/);
    const metrics = await readFile(join(out, 'metrics.jsonl'), 'utf8');
    expect(metrics.trim().split('\n').filter((line) => line.includes('"type":"step"'))).toHaveLength(2);
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '3', '--out', out, '--overwrite'], createCapturedContext())).toBe(0);
    const steps = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').filter((line) => line.includes('"type":"step"'));
    expect(steps.map((line) => JSON.parse(line).step)).toEqual([1, 2, 3]);
    const both = createCapturedContext();
    expect(await runCli(['train', '--preset', 'demo', '--out', out, '--overwrite', '--resume'], both)).toBe(2);
    expect(both.stderrText()).toMatch(/^USAGE_INVALID: /);
  }, 180_000);

  it('reports an --out it cannot create as ARTIFACT_WRITE_FAILED, not as a bug', async () => {
    const file = join(root, 'plain-file');
    await writeFile(file, 'x');
    const context = createCapturedContext();
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '1', '--out', join(file, 'run')], context)).toBe(1);
    expect(context.stderrText()).toMatch(/^ARTIFACT_WRITE_FAILED: Cannot create the run directory/m);
    expect(context.stderrText()).not.toContain('INTERNAL_ASSERTION');
  });

  it('trains over 8-bit weights with gradient checkpointing, and records both in the run config', async () => {
    const context = createCapturedContext();
    const out = join(root, 'q8');
    expect(await runCli(['train', '--preset', 'demo', '--max-steps', '2', '--dtype', 'q8', '--gradient-checkpointing', '--cache-dir', join(root, 'cache'), '--out', out, '--json'], context)).toBe(0);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.model).toMatchObject({ dtype: 'q8', cacheDir: join(root, 'cache') });
    expect(config.training.gradientCheckpointing).toBe(true);
  });

  it('exits 2 for a bad flag value and 1 for an unknown preset or a missing model', async () => {
    expect(await runCli(['train', '--preset', 'demo', '--method', 'adapters'], createCapturedContext())).toBe(2);
    expect(await runCli(['train', '--preset', 'demo', '--dtype', 'int3'], createCapturedContext())).toBe(2);
    const unknown = createCapturedContext();
    expect(await runCli(['train', '--preset', 'nope'], unknown)).not.toBe(0);
    expect(unknown.stderrText()).toContain("no training preset 'nope'");
    const missing = createCapturedContext();
    expect(await runCli(['train', '--preset', 'demo', '--model', join(root, 'missing'), '--out', join(root, 'x')], missing)).toBe(1);
    expect(missing.stderrText()).toMatch(/MODEL_FILE_NOT_FOUND/);
  });
});
