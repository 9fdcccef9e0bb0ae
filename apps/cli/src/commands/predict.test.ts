import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelConfig } from '@causal-tune/models';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

const repositoryFixtures = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const stories260K = join(repositoryFixtures, 'models', 'stories260K');
const courtTest = fileURLToPath(new URL('../__fixtures__/court-test-tiny.csv', import.meta.url));
const alpaca = fileURLToPath(new URL('../__fixtures__/alpaca-tiny.jsonl', import.meta.url));

let root: string;
let runDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-cli-predict-'));
  runDir = join(root, 'run');
  await writeRunDirectory(runDir, { method: 'prompt-tuning', modelPath: stories260K, modelConfig: await loadModelConfig(stories260K) });
});
afterAll(() => rm(root, { recursive: true, force: true }));

function csvIds(text: string): string[] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]!);
}

describe('ctune predict', () => {
  it('writes ID,first_party_winner with the IDs of the input in input order', async () => {
    const out = join(root, 'submission.csv');
    const context = createCapturedContext();
    expect(await runCli(['predict', '--run', runDir, '--data', courtTest, '--out', out, '--batch-size', '3'], context)).toBe(0);
    const written = await readFile(out, 'utf8');
    const input = await readFile(courtTest, 'utf8');
    const inputIds = [...input.matchAll(/^(TEST_\d+),/gm)].map((match) => match[1]);
    expect(written.split('\n')[0]).toBe('ID,first_party_winner');
    expect(csvIds(written)).toEqual(inputIds);
    expect(written.trim().split('\n').slice(1).every((line) => /^TEST_\d+,[01]$/.test(line))).toBe(true);
    expect(context.stdoutText()).toContain(`wrote ${inputIds.length} predictions`);
  });

  it('makes swapped twins consistent and adds probabilities', async () => {
    const data = join(root, 'pairs.csv');
    const facts = ['The state charged Smith with fraud and he appealed.', 'Jones sued the city over a zoning rule.', 'A company challenged the agency order in court.'];
    const rows = [
      ['P0', 'John Smith', 'Ohio', facts[0]],
      ['P1', 'Mary Jones', 'City of Dayton', facts[1]],
      ['P1S', 'City of Dayton', 'Mary Jones', facts[1]],
      ['P2', 'Acme Corporation', 'Federal Trade Commission', facts[2]],
      ['P0S', 'Ohio', 'John Smith', facts[0]],
      ['P2S', 'Federal Trade Commission', 'Acme Corporation', facts[2]],
    ];
    await writeFile(data, `ID,first_party,second_party,facts\n${rows.map((row) => row.map((field) => `"${field}"`).join(',')).join('\n')}\n`);
    const out = join(root, 'pairs-submission.csv');
    const context = createCapturedContext();
    expect(await runCli(['predict', '--run', runDir, '--data', data, '--out', out, '--consistent-pairs', '--probabilities', '--json'], context)).toBe(0);
    expect(JSON.parse(context.stdoutText())).toMatchObject({ rows: 6, pairs: 3 });
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('ID,first_party_winner,probability');
    const byId = new Map(lines.slice(1).map((line) => line.split(',')).map(([id, winner, probability]) => [id!, { winner: Number(winner), probability: Number(probability) }]));
    expect([...byId.keys()]).toEqual(rows.map((row) => row[0]));
    for (const id of ['P0', 'P1', 'P2']) {
      const [original, twin] = [byId.get(id)!, byId.get(`${id}S`)!];
      expect(original.winner + twin.winner).toBe(1);
      expect(original.probability + twin.probability).toBeCloseTo(1, 5);
    }
  });

  it('refuses instruction data (no submission format) as a usage error', async () => {
    const context = createCapturedContext();
    expect(await runCli(['predict', '--run', runDir, '--data', alpaca, '--out', join(root, 'x.csv')], context)).toBe(2);
    expect(context.stderrText()).toMatch(/^USAGE_INVALID: ctune predict writes the court submission format/);
  });
});
