import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';
import { ANSI_PATTERN } from '../output/text-style.js';

const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
const repositoryFixtures = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const courtSample = join(repositoryFixtures, 'dacon-court', 'train-sample.csv');
const alpaca = join(fixtures, 'alpaca-tiny.jsonl');
const gpt2Tokenizer = join(repositoryFixtures, 'models', 'gpt2-tokenizer');

const ALPACA_INPUT_HEADER =
  'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\n';

interface PromptsJson {
  kind: string;
  total: number;
  summary: { askedAbout: Record<string, number>; answers: Record<string, number>; unlabelled: number };
  previews: { row: number; id?: string; template: string; instruction: string; input: string; answer?: string; prompt: string; text: string; tokenCount?: number }[];
  rejected: { count: number };
}

async function promptsJson(args: readonly string[]): Promise<PromptsJson> {
  const context = createCapturedContext();
  expect(await runCli(['prompts', ...args, '--json'], context)).toBe(0);
  return JSON.parse(context.stdoutText()) as PromptsJson;
}

describe('ctune prompts', () => {
  it('previews court prompts from the court builder with their answers', async () => {
    const result = await promptsJson(['--data', courtSample, '--show', '3']);
    expect(result.kind).toBe('court');
    expect(result.total).toBe(300);
    expect(result.previews).toHaveLength(3);
    const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((total, count) => total + count, 0);
    expect(sum(result.summary.askedAbout)).toBe(300);
    expect(sum(result.summary.answers)).toBe(300);
    expect(Object.keys(result.summary.answers).sort()).toEqual(['no', 'yes']);
    for (const preview of result.previews) {
      expect(preview.template).toBe('alpaca');
      expect(preview.instruction).toMatch(/^Does .+ win\?$/);
      expect(preview.prompt.startsWith(`${ALPACA_INPUT_HEADER}${preview.instruction}\n\n### Input:\n${preview.input}`)).toBe(true);
      expect(preview.prompt.endsWith('### Response:\n')).toBe(true);
      expect(preview.text).toBe(preview.prompt + preview.answer);
      expect(['yes', 'no']).toContain(preview.answer);
    }
    expect(result.previews[0]).toMatchObject({ row: 1, id: 'TRAIN_0008' });
  });

  it('uses Alpaca records as they are, with or without input', async () => {
    const result = await promptsJson(['--data', alpaca]);
    expect(result.kind).toBe('instruction');
    expect(result.total).toBe(3);
    expect(result.previews.map((preview) => preview.template)).toEqual(['alpaca-no-input', 'alpaca', 'alpaca']);
    const [noInput, withInput] = result.previews;
    expect(noInput?.text).toBe(
      'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\nGive three tips for staying healthy.\n\n### Response:\n1. Eat a balanced diet.\n2. Exercise regularly.\n3. Sleep enough.',
    );
    expect(withInput?.text).toBe(
      `${ALPACA_INPUT_HEADER}Classify the sentiment of the review.\n\n### Input:\nThe film was a delight from start to finish.\n\n### Response:\npositive`,
    );
  });

  it('counts tokens with --tokenizer', async () => {
    const result = await promptsJson(['--data', alpaca, '--show', '1', '--tokenizer', gpt2Tokenizer]);
    // GPT-2 has no BOS, so the count is that of the text alone: far fewer tokens than characters.
    const [preview] = result.previews;
    expect(preview?.tokenCount).toBeGreaterThan(20);
    expect(preview?.tokenCount).toBeLessThan(preview?.text.length ?? 0);
  });

  it('prints plain text off a TTY', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prompts', '--data', courtSample, '--show', '1'], context)).toBe(0);
    const stdout = context.stdoutText();
    expect(stdout).toContain('── row 1 · TRAIN_0008 · template alpaca');
    expect(stdout).toContain('### Response:\n');
    expect(stdout).toMatch(/300 court records, 1 shown/);
    expect(stdout + context.stderrText()).not.toMatch(ANSI_PATTERN);
  });

  it('treats a bad --show or an unknown --template as usage errors', async () => {
    const badShow = createCapturedContext();
    expect(await runCli(['prompts', '--data', alpaca, '--show', 'many'], badShow)).toBe(2);
    expect(badShow.stderrText()).toMatch(/^USAGE_INVALID: .*show/s);

    const badTemplate = createCapturedContext();
    expect(await runCli(['prompts', '--data', alpaca, '--template', 'vicuna'], badTemplate)).toBe(2);
    expect(badTemplate.stderrText()).toMatch(/^USAGE_INVALID: Unknown prompt template 'vicuna'.*alpaca/s);
  });

  it('exits 1 when a template cannot hold the records', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prompts', '--data', courtSample, '--template', 'alpaca-no-input'], context)).toBe(1);
    expect(context.stderrText()).toMatch(/^PROMPT_VARIABLE_UNKNOWN: .*'input'/s);
  });
});
