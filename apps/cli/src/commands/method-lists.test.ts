import { MODEL_ARCHITECTURES, METHOD_NAMES, TUNING_METHODS } from '@causal-tune/models';
import { LOSS_TYPES, runConfigSchema } from '@causal-tune/runs';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';
import { FORM_FIELDS, visibleFields } from '../tui/state/method-form.js';
import { METHOD_FLAGS, TRAIN_FLAGS } from './train.js';

// The lists of methods, losses and model families exist once (models' TUNING_METHODS and
// MODEL_FAMILIES, runs' LOSS_TYPES); the CLI's flags, the TUI's form and the run schema take
// their choices from them.

const helpOf = async (args: string[]) => {
  const context = createCapturedContext();
  await runCli([...args, '--help'], context);
  return context.stdoutText() + context.stderrText();
};

describe('the lists of methods, losses and families', () => {
  it('give the run schema its methods and losses', () => {
    for (const type of METHOD_NAMES) expect(runConfigSchema.parse({ model: { path: 'm' }, data: { path: 'd' }, outputDir: 'o', method: { type } }).method.type).toBe(type);
    for (const type of LOSS_TYPES) expect(runConfigSchema.parse({ model: { path: 'm' }, data: { path: 'd' }, outputDir: 'o', loss: { type } }).loss.type).toBe(type);
    expect(runConfigSchema.safeParse({ model: { path: 'm' }, data: { path: 'd' }, outputDir: 'o', method: { type: 'adapters' } }).success).toBe(false);
  });

  it("give the TUI form its method and loss choices, and every method's options as fields of that method", () => {
    expect(FORM_FIELDS.find((field) => field.key === 'method.type')?.choices).toEqual(METHOD_NAMES);
    expect(FORM_FIELDS.find((field) => field.key === 'loss.type')?.choices).toEqual(LOSS_TYPES);
    for (const method of TUNING_METHODS) {
      const shown = visibleFields(method.name).map((field) => field.key).filter((key) => key.startsWith('method.') && key !== 'method.type');
      expect(shown.sort()).toEqual(Object.keys(method.options.shape).map((key) => `method.${key}`).sort());
    }
  });

  it("give ctune train its --method and --loss choices and a flag for every method's options", async () => {
    const help = await helpOf(['train']);
    for (const name of [...METHOD_NAMES, ...LOSS_TYPES]) expect(help).toContain(name);
    for (const method of TUNING_METHODS) {
      for (const option of Object.keys(method.options.shape)) {
        const entry = [...METHOD_FLAGS.values()].find((candidate) => candidate.option === option && candidate.methods.includes(method.name));
        expect(entry).toBeDefined();
        expect(help).toContain(`--${entry!.flag.flag}`);
      }
    }
    expect(new Set(TRAIN_FLAGS.map((flag) => flag.flag)).size).toBe(TRAIN_FLAGS.length);
  });

  it('give ctune model init its --arch choices', async () => {
    const help = await helpOf(['model', 'init']);
    for (const architecture of MODEL_ARCHITECTURES) expect(help).toContain(architecture);
  });

  it('carry what was added through one line each to every surface: IA3, DoRA and Gemma', async () => {
    const train = await helpOf(['train']);
    expect(train).toMatch(/--method <name>[\s\S]*ia3/);
    expect(train).toMatch(/--use-dora[\s\S]*\[lora\]/);
    expect(train).toMatch(/--feedforward-modules[\s\S]*\[ia3\]/);
    expect(visibleFields('lora').map((field) => field.key)).toContain('method.useDora');
    expect(visibleFields('ia3').map((field) => field.key)).toContain('method.feedforwardModules');
    expect(runConfigSchema.parse({ model: { path: 'm' }, data: { path: 'd' }, outputDir: 'o', method: { type: 'lora', useDora: true } }).method).toMatchObject({ useDora: true });
    expect(await helpOf(['model', 'init'])).toContain('gemma');
  });
});
