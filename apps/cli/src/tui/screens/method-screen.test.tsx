import { METHOD_NAMES } from '@causal-tune/models';
import type { TrainConfig } from '@causal-tune/trainer';
import { render } from 'ink-testing-library';
import { KEYS, plainFrame, press } from '../__fixtures__/ink-keys.js';
import { initialFormValues } from '../state/method-form.js';
import { MethodScreen } from './method-screen.js';
import type { MethodScreenProps } from './method-screen.js';

const context = { cwd: '/work', dataPath: '/work/data/train.csv', templateName: undefined };

function renderScreen(overrides: Partial<MethodScreenProps> = {}) {
  const started: TrainConfig[] = [];
  const editing: boolean[] = [];
  const instance = render(
    <MethodScreen
      active
      initialValues={initialFormValues({ modelPath: 'models/tiny', outputDir: 'runs/first' })}
      context={context}
      trainingActive={false}
      height={40}
      onStart={(config) => started.push(config)}
      newRunDir={() => 'runs/second'}
      onEditingChange={(value) => editing.push(value)}
      {...overrides}
    />,
  );
  return { ...instance, started, editing };
}

describe('MethodScreen', () => {
  it('shows the fields of LoRA with their defaults and the picks of the other screens', () => {
    const { lastFrame } = renderScreen();
    const frame = plainFrame(lastFrame);
    expect(frame).toContain('Data data/train.csv · Template default');
    expect(frame).toMatch(/› Method +‹ lora ›/);
    expect(frame).toMatch(/LoRA rank r +8/);
    expect(frame).toMatch(/Target modules +\(default\)/);
    expect(frame).toMatch(/Max steps +\(default\)/);
    expect(frame).toContain('[ Start training ]');
    expect(frame).toContain('The tuning method.');
  });

  it('switches the method with the arrows and shows its own options', async () => {
    const { lastFrame, stdin } = renderScreen();
    await press(stdin, KEYS.right);
    const frame = plainFrame(lastFrame);
    expect(frame).toMatch(/Method +‹ prompt-tuning ›/);
    expect(frame).toMatch(/Virtual tokens +8/);
    expect(frame).toMatch(/Initialisation +‹ TEXT ›/);
    expect(frame).not.toContain('LoRA rank r');
    await press(stdin, KEYS.left, KEYS.left);
    // Left of the first method is the last one of models' list.
    expect(plainFrame(lastFrame)).toMatch(new RegExp(`Method +‹ ${METHOD_NAMES.at(-1)} ›`));
  });

  it('marks invalid values, refuses to start, and starts once they are fixed', async () => {
    const { lastFrame, stdin, started, editing } = renderScreen();
    await press(stdin, KEYS.down, KEYS.enter, KEYS.backspace, '0', KEYS.enter);
    expect(editing).toEqual([true, false]);
    expect(plainFrame(lastFrame)).toMatch(/LoRA rank r +0 ✗ LoRA rank r: Too small/);
    await press(stdin, 's');
    expect(started).toEqual([]);
    expect(plainFrame(lastFrame)).toContain('Fix the 1 problem(s) marked in red first.');
    await press(stdin, KEYS.enter, KEYS.backspace, '4', KEYS.enter);
    // Max steps, then start from the start row.
    for (let index = 0; index < 8; index += 1) await press(stdin, KEYS.down);
    expect(plainFrame(lastFrame)).toMatch(/› Max steps/);
    await press(stdin, KEYS.enter);
    stdin.write('5');
    await press(stdin, KEYS.enter);
    for (let index = 0; index < 30; index += 1) stdin.write(KEYS.down);
    await press(stdin, KEYS.enter);
    expect(started).toHaveLength(1);
    expect(started[0]?.method).toMatchObject({ type: 'lora', r: 4 });
    expect(started[0]?.training.maxSteps).toBe(5);
    expect(started[0]?.outputDir).toBe('/work/runs/first');
    expect(started[0]?.data.path).toBe('/work/data/train.csv');
    // The next run gets a new directory.
    expect(plainFrame(lastFrame)).toMatch(/Run directory +runs\/second/);
  });

  it('refuses to start while a training runs', async () => {
    const { lastFrame, stdin, started } = renderScreen({ trainingActive: true });
    await press(stdin, 's');
    expect(started).toEqual([]);
    expect(plainFrame(lastFrame)).toContain('A training is running');
  });

  it('scrolls the fields to keep the focus in view on a short terminal', async () => {
    const { lastFrame, stdin } = renderScreen({ height: 12 });
    expect(plainFrame(lastFrame)).not.toContain('Run directory');
    for (let index = 0; index < 30; index += 1) stdin.write(KEYS.down);
    await press(stdin, KEYS.up);
    const frame = plainFrame(lastFrame);
    expect(frame).toMatch(/› Run directory +runs\/first/);
    expect(frame).toContain('[ Start training ]');
    expect(frame).not.toContain('LoRA rank r');
  });
});
