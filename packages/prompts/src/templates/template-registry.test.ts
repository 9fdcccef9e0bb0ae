import { isToolkitError } from '@causal-tune/core';
import { ALPACA_NO_INPUT_TEMPLATE, ALPACA_TEMPLATE } from './alpaca-templates.js';
import { defineTemplate } from './prompt-template.js';
import { BUILTIN_TEMPLATES, createTemplateRegistry, getTemplate } from './template-registry.js';

describe('template registry', () => {
  it('holds the built-in templates by name', () => {
    expect(BUILTIN_TEMPLATES.map((template) => template.name)).toEqual(['alpaca', 'alpaca-no-input']);
    expect(getTemplate('alpaca')).toBe(ALPACA_TEMPLATE);
    expect(getTemplate('alpaca-no-input')).toBe(ALPACA_NO_INPUT_TEMPLATE);
  });

  it('adds custom templates after the built-ins', () => {
    const qa = defineTemplate({ name: 'qa', prompt: 'Q: {question}\nA:', responseSplit: 'A:' });
    const registry = createTemplateRegistry([qa]);
    expect(registry.names).toEqual(['alpaca', 'alpaca-no-input', 'qa']);
    expect(registry.get('qa')).toBe(qa);
    expect(registry.has('qa')).toBe(true);
    expect(registry.has('chatml')).toBe(false);
  });

  it('names the known templates when a name is unknown', () => {
    try {
      getTemplate('alpaca_short');
      throw new Error('expected a failure');
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toBe(
        "Unknown prompt template 'alpaca_short'. Expected one of: alpaca, alpaca-no-input. Define custom templates with defineTemplate and pass them to createTemplateRegistry.",
      );
    }
  });

  it('refuses two templates with one name', () => {
    const clash = defineTemplate({ name: 'alpaca', prompt: '{instruction}\n### Response:\n' });
    expect(() => createTemplateRegistry([clash])).toThrow("holds a second template named 'alpaca'");
  });
});
