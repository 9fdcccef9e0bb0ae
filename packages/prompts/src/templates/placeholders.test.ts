import { isToolkitError } from '@causal-tune/core';
import { parseTemplateText, placeholderNames } from './placeholders.js';

function errorOf(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    if (isToolkitError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ToolkitError');
}

describe('parseTemplateText', () => {
  it('splits text and placeholders, keeping the literal text byte for byte', () => {
    expect(parseTemplateText('### Instruction:\n{instruction}\n\n{input} and {instruction}', 't')).toEqual([
      { kind: 'text', text: '### Instruction:\n' },
      { kind: 'placeholder', name: 'instruction' },
      { kind: 'text', text: '\n\n' },
      { kind: 'placeholder', name: 'input' },
      { kind: 'text', text: ' and ' },
      { kind: 'placeholder', name: 'instruction' },
    ]);
  });

  it('reads {{ and }} as literal braces, as Python str.format does', () => {
    expect(parseTemplateText('{{"party": "{party}"}}', 't')).toEqual([
      { kind: 'text', text: '{"party": "' },
      { kind: 'placeholder', name: 'party' },
      { kind: 'text', text: '"}' },
    ]);
  });

  it('lists distinct placeholder names in order of first appearance', () => {
    expect(placeholderNames(parseTemplateText('{b}{a}{b}{c_1}', 't'))).toEqual(['b', 'a', 'c_1']);
  });

  it.each([
    ['Question: {question', "has an unclosed '{' at character 10"],
    ['Answer} {a}', "has a single '}' at character 6"],
    ['{two words}', 'has a placeholder with the invalid name "two words" at character 0'],
    ['{}', 'has a placeholder with the invalid name "" at character 0'],
  ])('rejects %j naming the template and the position', (text, problem) => {
    const error = errorOf(() => parseTemplateText(text, 'my-template'));
    expect(error.code).toBe('PROMPT_TEMPLATE_INVALID');
    expect(error.message).toContain(`Template 'my-template' ${problem}`);
  });
});
