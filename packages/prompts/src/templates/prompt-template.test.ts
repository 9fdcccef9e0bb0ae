import { isToolkitError } from '@causal-tune/core';
import { defineTemplate } from './prompt-template.js';

describe('defineTemplate', () => {
  it('returns a frozen template with its placeholders and the default response marker', () => {
    const template = defineTemplate({ name: 'court-qa', prompt: 'Facts: {facts}\nQuestion: Does {party} win?\n### Response:\n' });
    expect(template).toEqual({
      name: 'court-qa',
      description: '',
      prompt: 'Facts: {facts}\nQuestion: Does {party} win?\n### Response:\n',
      responseSplit: '### Response:',
      placeholders: ['facts', 'party'],
    });
    expect(Object.isFrozen(template)).toBe(true);
  });

  it('reports every problem of a definition at once', () => {
    try {
      defineTemplate({ name: 'Bad Name', prompt: 'Q: {question\nA:', responseSplit: '' });
      throw new Error('expected a failure');
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      expect(error.code).toBe('PROMPT_TEMPLATE_INVALID');
      expect(error.message).toContain("Prompt template 'Bad Name' is invalid (3 problems)");
      const paths = (error.details?.issues as { path: string }[]).map((issue) => issue.path).sort();
      expect(paths).toEqual(['name', 'prompt', 'responseSplit']);
      expect(error.message).toContain("unclosed '{'");
    }
  });

  it('requires the response marker in the template text itself, not only in a value', () => {
    try {
      defineTemplate({ name: 'qa', prompt: 'Q: {question}\nA: ', responseSplit: '### Response:' });
      throw new Error('expected a failure');
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      expect(error.code).toBe('PROMPT_TEMPLATE_INVALID');
      expect(error.message).toContain('responseSplit: Expected the marker "### Response:" to occur');
    }
    expect(defineTemplate({ name: 'qa', prompt: 'Q: {question}\nA: ', responseSplit: 'A:' }).placeholders).toEqual(['question']);
  });

  it('rejects unknown fields', () => {
    expect(() => defineTemplate({ name: 'qa', prompt: 'Q: {q}\nA:', responseSplit: 'A:', prompt_input: 'x' } as never)).toThrow(
      /Unrecognized key/,
    );
  });
});
