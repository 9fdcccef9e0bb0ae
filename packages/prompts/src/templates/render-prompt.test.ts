import { isToolkitError } from '@causal-tune/core';
import type { ToolkitError } from '@causal-tune/core';
import { ALPACA_TEMPLATE } from './alpaca-templates.js';
import { defineTemplate } from './prompt-template.js';
import { extractResponse, renderPrompt } from './render-prompt.js';

function errorOf(action: () => unknown): ToolkitError {
  try {
    action();
  } catch (error) {
    if (isToolkitError(error)) return error;
    throw error;
  }
  throw new Error('expected a ToolkitError');
}

const qa = defineTemplate({ name: 'court-qa', prompt: 'Facts: {facts}\nDoes {party} win? ({party})\n### Response:\n' });

describe('renderPrompt', () => {
  it('fills every occurrence of a placeholder and inserts values verbatim', () => {
    expect(renderPrompt(qa, { facts: 'A {b} c}', party: 'FCC' })).toBe('Facts: A {b} c}\nDoes FCC win? (FCC)\n### Response:\n');
  });

  it('appends the answer only when one is given', () => {
    expect(renderPrompt(qa, { facts: 'F', party: 'P' }, { withAnswer: 'no' })).toBe('Facts: F\nDoes P win? (P)\n### Response:\nno');
    expect(renderPrompt(qa, { facts: 'F', party: 'P' }, { withAnswer: '' })).toBe('Facts: F\nDoes P win? (P)\n### Response:\n');
  });

  it('names the missing placeholder and the template (PROMPT_VARIABLE_MISSING)', () => {
    const error = errorOf(() => renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does X win?' }));
    expect(error.code).toBe('PROMPT_VARIABLE_MISSING');
    expect(error.message).toBe(
      "Template 'alpaca' needs a string value for placeholder 'input', but it was missing or not strings. Pass every placeholder (instruction, input) in the variables.",
    );
    expect(error.details).toEqual({ template: 'alpaca', placeholders: ['instruction', 'input'], missing: ['input'], unknown: [] });
  });

  it('treats a non-string value as missing', () => {
    const error = errorOf(() => renderPrompt(qa, { facts: 3, party: 'P' } as never));
    expect(error.code).toBe('PROMPT_VARIABLE_MISSING');
    expect(error.details?.['missing']).toEqual(['facts']);
  });

  it('names the unknown variable and the template (PROMPT_VARIABLE_UNKNOWN)', () => {
    const error = errorOf(() => renderPrompt(ALPACA_TEMPLATE, { instruction: 'I', input: 'F', facts: 'F' }));
    expect(error.code).toBe('PROMPT_VARIABLE_UNKNOWN');
    expect(error.message).toBe(
      "Template 'alpaca' has no placeholder 'facts'; its placeholders are instruction, input. Remove the extra variable or use a template that declares it.",
    );
  });

  it('reports missing and unknown variables in one error', () => {
    const error = errorOf(() => renderPrompt(qa, { fact: 'F' }));
    expect(error.code).toBe('PROMPT_VARIABLE_MISSING');
    expect(error.details).toMatchObject({ missing: ['facts', 'party'], unknown: ['fact'] });
    expect(error.message).toContain("Also, 'fact' is not a placeholder of it.");
  });
});

describe('extractResponse', () => {
  const prompt = renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Phil A. St. Amant win?', input: 'Facts.' });

  it('cuts after "### Response:" and trims, as alpaca-lora get_response does', () => {
    expect(extractResponse(`${prompt} yes \n`)).toBe('yes');
    expect(extractResponse(prompt)).toBe('');
  });

  it('stops at a second marker the model went on to write', () => {
    expect(extractResponse(`${prompt}no\n\n### Instruction:\nMore?\n\n### Response:\nyes`)).toBe('no\n\n### Instruction:\nMore?');
  });

  it('returns null when there is no marker', () => {
    expect(extractResponse('yes')).toBeNull();
  });

  it('uses the template marker it is given', () => {
    expect(extractResponse('Q: 2+2?\nA: 4', { responseSplit: 'A:' })).toBe('4');
  });
});
