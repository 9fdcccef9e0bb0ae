import type { InstructionRecord } from '@causal-tune/data-prep';
import { FACTS, courtRecord, match } from '../__fixtures__/court-records.js';
import { ALPACA_NO_INPUT_TEMPLATE, ALPACA_TEMPLATE } from '../templates/alpaca-templates.js';
import { defineTemplate } from '../templates/prompt-template.js';
import { renderPrompt } from '../templates/render-prompt.js';
import { buildPromptExample, isCourtRecord } from './prompt-example.js';

const instructionRecord = (input: string, output?: string): InstructionRecord => ({
  row: 3,
  instruction: 'Name a primary colour.',
  input,
  ...(output === undefined ? {} : { output }),
});

describe('buildPromptExample', () => {
  it('builds a court example from the court prompt with the Alpaca template', () => {
    const example = buildPromptExample(courtRecord({ firstPartyMatch: match('unmatched'), firstPartyWinner: 0 }));
    expect(example.template).toBe(ALPACA_TEMPLATE);
    expect(example.variables).toEqual({ instruction: 'Does Herman A. Thompson win?', input: FACTS });
    expect(example.answer).toBe('yes');
    expect(example.court).toMatchObject({ askedAbout: 'second_party', party: 'Herman A. Thompson' });
  });

  it('passes court options through', () => {
    const example = buildPromptExample(courtRecord({ firstPartyMatch: match('single_tag', 'St. Amant', 9) }), { court: { useAlias: true } });
    expect(example.variables['instruction']).toBe('Does St. Amant win?');
  });

  it('leaves the answer out of unlabelled records', () => {
    expect('answer' in buildPromptExample(courtRecord({ firstPartyWinner: undefined }))).toBe(false);
    expect('answer' in buildPromptExample(instructionRecord('', undefined))).toBe(false);
  });

  it("picks alpaca-lora's template for Alpaca-style records by their input", () => {
    const withInput = buildPromptExample(instructionRecord('red, green, blue', 'Red.'));
    expect(withInput.template).toBe(ALPACA_TEMPLATE);
    expect(withInput.variables).toEqual({ instruction: 'Name a primary colour.', input: 'red, green, blue' });
    expect(withInput.answer).toBe('Red.');
    expect(withInput.court).toBeUndefined();

    const withoutInput = buildPromptExample(instructionRecord('', 'Red.'));
    expect(withoutInput.template).toBe(ALPACA_NO_INPUT_TEMPLATE);
    expect(renderPrompt(withoutInput.template, withoutInput.variables, { withAnswer: withoutInput.answer })).toBe(
      'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n' +
        '### Instruction:\nName a primary colour.\n\n### Response:\nRed.',
    );
  });

  it('fills a custom template with instruction and input', () => {
    const template = defineTemplate({ name: 'short', prompt: '{instruction}\n{input}\n### Response:\n' });
    const example = buildPromptExample(courtRecord({ cleanFacts: 'Facts.' }), { template });
    expect(renderPrompt(example.template, example.variables, { withAnswer: example.answer })).toBe(
      'Does Phil A. St. Amant win?\nFacts.\n### Response:\nyes',
    );
  });

  it('tells court records from Alpaca-style ones', () => {
    expect(isCourtRecord(courtRecord())).toBe(true);
    expect(isCourtRecord(instructionRecord('x'))).toBe(false);
  });
});
