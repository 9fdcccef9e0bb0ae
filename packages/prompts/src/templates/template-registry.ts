import { ToolkitError } from '@causal-tune/core';
import { ALPACA_NO_INPUT_TEMPLATE, ALPACA_TEMPLATE } from './alpaca-templates.js';
import type { PromptTemplate } from './prompt-template.js';

/** The templates every registry starts with: `alpaca` and `alpaca-no-input`. */
export const BUILTIN_TEMPLATES: readonly PromptTemplate[] = Object.freeze([ALPACA_TEMPLATE, ALPACA_NO_INPUT_TEMPLATE]);

/** An immutable name-to-template map (transformers.js `models/registry.js` style). */
export interface TemplateRegistry {
  /** The template called `name`; throws `CONFIG_INVALID` naming the known names otherwise. */
  get(name: string): PromptTemplate;
  has(name: string): boolean;
  /** Registered names, built-ins first, then custom templates in the order given. */
  readonly names: readonly string[];
}

/**
 * A registry of the built-in templates plus `templates` (made with {@link defineTemplate}).
 *
 * @throws ToolkitError `CONFIG_INVALID` when two templates share a name.
 *
 * @example
 * const registry = createTemplateRegistry([defineTemplate({ name: 'qa', prompt: 'Q: {q}\n### Response:\n' })]);
 * registry.get('alpaca').placeholders; // ['instruction', 'input']
 */
export function createTemplateRegistry(templates: readonly PromptTemplate[] = []): TemplateRegistry {
  const map = new Map<string, PromptTemplate>();
  for (const template of [...BUILTIN_TEMPLATES, ...templates]) {
    if (map.has(template.name)) {
      throw new ToolkitError(
        'CONFIG_INVALID',
        `Argument 'templates' passed to 'createTemplateRegistry' holds a second template named '${template.name}'. Template names must be unique, and the built-in names are ${BUILTIN_TEMPLATES.map((builtin) => `'${builtin.name}'`).join(', ')}; rename the custom template.`,
        { details: { name: template.name } },
      );
    }
    map.set(template.name, template);
  }
  const names = Object.freeze([...map.keys()]);
  return Object.freeze({
    names,
    has: (name: string) => map.has(name),
    get(name: string): PromptTemplate {
      const template = map.get(name);
      if (template === undefined) {
        throw new ToolkitError(
          'CONFIG_INVALID',
          `Unknown prompt template '${name}'. Expected one of: ${names.join(', ')}. Define custom templates with defineTemplate and pass them to createTemplateRegistry.`,
          { details: { name, known: names } },
        );
      }
      return template;
    },
  });
}

const builtinRegistry = createTemplateRegistry();

/** A built-in template by name (`alpaca`, `alpaca-no-input`); `CONFIG_INVALID` otherwise. */
export function getTemplate(name: string): PromptTemplate {
  return builtinRegistry.get(name);
}
