import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-cli-demo-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('ctune demo', () => {
  it('runs prep, prompts, training, evaluation and prediction on the bundled sample', async () => {
    const context = createCapturedContext();
    const out = join(root, 'demo');
    expect(await runCli(['demo', '--out', out, '--max-steps', '4', '--json'], context)).toBe(0);
    const summary = JSON.parse(context.stdoutText());
    expect(summary.runDir).toBe(out);
    expect(summary.data).toMatchObject({ rows: 300, labels: { '0': 100, '1': 200 } });
    expect(summary.training.steps).toBe(4);
    expect(summary.evaluation.examples).toBe(60);
    const submission = (await readFile(summary.submission.file, 'utf8')).trim().split('\n');
    expect(submission[0]).toBe('ID,first_party_winner,probability');
    expect(submission).toHaveLength(121);
    // Each case and its swapped twin get opposite answers (consistent pairs).
    const answers = new Map(submission.slice(1).map((line) => line.split(',')).map(([id, answer]) => [id!, answer!]));
    for (const [id, answer] of answers) if (!id.endsWith('_swap')) expect(answers.get(`${id}_swap`)).toBe(answer === '1' ? '0' : '1');
  });
});
