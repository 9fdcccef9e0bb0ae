import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

const stories260K = join(fileURLToPath(new URL('../../../../fixtures/', import.meta.url)), 'models', 'stories260K');

interface GenerateJson {
  prompt: string;
  response: string;
  text: string;
  tokenIds: number[];
  logProbs: number[];
  finishReason: string;
}

describe('ctune generate', () => {
  it('responds to an instruction with the Alpaca prompt, as JSON', async () => {
    const context = createCapturedContext();
    expect(await runCli(['generate', '--model', stories260K, '--instruction', 'Tell me a story.', '--preset', 'greedy', '--max-new-tokens', '12', '--json'], context)).toBe(0);
    const result = JSON.parse(context.stdoutText()) as GenerateJson;
    expect(result.prompt).toBe('Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\nTell me a story.\n\n### Response:\n');
    expect(result.tokenIds).toHaveLength(12);
    expect(result.logProbs).toHaveLength(12);
    expect(result.response).toBe(result.text.trim());
    expect(result.finishReason).toBe('length');
  });

  it('streams the text to stdout and a summary line to stderr; the alpaca preset is seeded', async () => {
    const run = async () => {
      const context = createCapturedContext();
      expect(await runCli(['generate', '--model', stories260K, '--instruction', 'Tell me a story.', '--input', 'A cat and a dog.', '--max-new-tokens', '10', '--seed', '3'], context)).toBe(0);
      return context;
    };
    const [first, second] = [await run(), await run()];
    expect(first.stdoutText()).toBe(second.stdoutText());
    expect(first.stdoutText().endsWith('\n')).toBe(true);
    expect(first.stderrText()).toMatch(/^10 tokens \(length\) in .* tok\/s · mean log-prob -?\d+\.\d{3}\n$/);
  });

  it('needs --model or --run', async () => {
    const context = createCapturedContext();
    expect(await runCli(['generate', '--instruction', 'Hi'], context)).toBe(2);
    expect(context.stderrText()).toContain('Give either --model DIR');
  });
});
