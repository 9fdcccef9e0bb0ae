import { render } from 'ink-testing-library';
import { join } from 'node:path';
import { useState } from 'react';
import { KEYS, plainFrame, press, waitForFrame } from '../__fixtures__/ink-keys.js';
import { CLI_FIXTURES, COURT_SAMPLE, servicesWith } from '../__fixtures__/tui-fixtures.js';
import { PromptsScreen, nextTemplate } from './prompts-screen.js';

const services = servicesWith();

/** The screen with the template held in state, as the app holds it. */
function Harness({ dataPath, picks }: { readonly dataPath: string; readonly picks: (string | undefined)[] }) {
  const [templateName, setTemplateName] = useState<string | undefined>(undefined);
  return (
    <PromptsScreen
      active
      visited
      dataPath={dataPath}
      templateName={templateName}
      cwd="/"
      width={100}
      height={22}
      previewPrompts={services.previewPrompts}
      onSelectTemplate={(name) => {
        picks.push(name);
        setTemplateName(name);
      }}
      onEditingChange={() => undefined}
    />
  );
}

describe('nextTemplate', () => {
  it('cycles the default and the built-in templates', () => {
    expect(nextTemplate(undefined)).toBe('alpaca');
    expect(nextTemplate('alpaca')).toBe('alpaca-no-input');
    expect(nextTemplate('alpaca-no-input')).toBeUndefined();
  });
});

describe('PromptsScreen', () => {
  it('pages through the court prompts and their answers', async () => {
    const { lastFrame, stdin } = render(<Harness dataPath={COURT_SAMPLE} picks={[]} />);
    const first = await waitForFrame(lastFrame, (frame) => frame.includes('Record 1 of 100'));
    expect(first).toMatch(/300 court records · answers: no \d+ · yes \d+ · asked about: first_party \d+/);
    expect(first).toMatch(/row 1 · TRAIN_0008 · template alpaca · asks about (first|second)_party/);
    expect(first).toContain('### Instruction:');
    expect(first).toMatch(/Does .+ win\?/);
    expect(first).toMatch(/Answer (yes|no)/);
    expect(first).toMatch(/lines 1–\d+ of \d+/);
    await press(stdin, KEYS.down, KEYS.down);
    expect(plainFrame(lastFrame)).toMatch(/lines 3–\d+ of \d+/);
    await press(stdin, KEYS.right, KEYS.right);
    expect(plainFrame(lastFrame)).toContain('Record 3 of 100');
    await press(stdin, KEYS.left);
    expect(plainFrame(lastFrame)).toContain('Record 2 of 100');
    expect(plainFrame(lastFrame)).not.toMatch(/lines [2-9]/);
  });

  it('switches templates with t and shows why a template cannot hold the records', async () => {
    const picks: (string | undefined)[] = [];
    const { lastFrame, stdin } = render(<Harness dataPath={COURT_SAMPLE} picks={picks} />);
    await waitForFrame(lastFrame, (frame) => frame.includes('Record 1 of'));
    await press(stdin, 't');
    await waitForFrame(lastFrame, (frame) => frame.includes('Template alpaca') && frame.includes('Record 1 of'));
    await press(stdin, 't');
    const failed = await waitForFrame(lastFrame, (frame) => frame.includes('PROMPT_VARIABLE_UNKNOWN'));
    expect(failed).toContain('Template alpaca-no-input');
    expect(picks).toEqual(['alpaca', 'alpaca-no-input']);
  });

  it('takes a typed template name and refuses unknown ones', async () => {
    const picks: (string | undefined)[] = [];
    const { lastFrame, stdin } = render(<Harness dataPath={join(CLI_FIXTURES, 'alpaca-tiny.jsonl')} picks={picks} />);
    const first = await waitForFrame(lastFrame, (frame) => frame.includes('Record 1 of 3'));
    expect(first).toContain('3 instruction records');
    expect(first).toContain('template alpaca-no-input');
    await press(stdin, 'e');
    stdin.write('vicuna');
    await press(stdin, KEYS.enter);
    expect(plainFrame(lastFrame)).toContain("Unknown template 'vicuna'. Built-in templates: alpaca, alpaca-no-input.");
    await press(stdin, KEYS.ctrlU);
    stdin.write('alpaca');
    await press(stdin, KEYS.enter);
    expect(picks).toEqual(['alpaca']);
  });
});
