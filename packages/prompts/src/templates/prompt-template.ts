import { isToolkitError, parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';
import { parseTemplateText, placeholderNames } from './placeholders.js';

/**
 * A prompt template: text with named `{placeholders}` that ends where the answer begins. The
 * training text is the rendered prompt followed by the answer; the inference text is the
 * rendered prompt alone (alpaca-lora's `Prompter.generate_prompt`).
 */
export interface PromptTemplate {
  /** Registry name, kebab-case (`alpaca`, `alpaca-no-input`). */
  readonly name: string;
  /** One line on what the template is for. */
  readonly description: string;
  /** The prompt text with `{placeholders}`; `{{` and `}}` are literal braces. */
  readonly prompt: string;
  /** The marker after which the model's answer starts; {@link extractResponse} cuts there. */
  readonly responseSplit: string;
  /** The distinct placeholder names of `prompt`, in order of first appearance. */
  readonly placeholders: readonly string[];
}

/** The fields of a template definition, before validation. */
export type PromptTemplateDefinition = z.input<typeof promptTemplateDefinitionSchema>;

/** Zod schema of a template definition (a config file's `template` block, say). */
export const promptTemplateDefinitionSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'Expected a kebab-case name such as "court-yes-no".')
      .describe('Registry name of the template, kebab-case.'),
    description: z.string().default('').describe('One line on what the template is for.'),
    prompt: z.string().min(1, 'Expected non-empty prompt text.').describe('Prompt text with {placeholders}.'),
    responseSplit: z
      .string()
      .min(1, 'Expected a non-empty marker.')
      .default('### Response:')
      .describe('Marker after which the answer starts, as in alpaca-lora templates.'),
  })
  .strict()
  .superRefine((definition, context) => {
    let literalText = '';
    try {
      const segments = parseTemplateText(definition.prompt, definition.name);
      literalText = segments.map((segment) => (segment.kind === 'text' ? segment.text : '\u0000')).join('');
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      context.addIssue({ code: 'custom', path: ['prompt'], message: error.message });
      return;
    }
    if (!literalText.includes(definition.responseSplit)) {
      context.addIssue({
        code: 'custom',
        path: ['responseSplit'],
        message: `Expected the marker ${JSON.stringify(definition.responseSplit)} to occur in the template's own text (outside placeholders), so that responses can be cut from generated text.`,
      });
    }
  });

/**
 * Validates a custom template definition and returns the template with its placeholders.
 *
 * @throws ToolkitError `PROMPT_TEMPLATE_INVALID` listing every problem at once: a bad name,
 * empty text, a malformed placeholder, a response marker that does not occur in the text.
 *
 * @example
 * const template = defineTemplate({
 *   name: 'question-answer',
 *   prompt: 'Question: {question}\n### Response:\n',
 * });
 * template.placeholders; // ['question']
 */
export function defineTemplate(definition: PromptTemplateDefinition): PromptTemplate {
  const what = `Prompt template ${typeof definition?.name === 'string' ? `'${definition.name}'` : '(unnamed)'}`;
  const parsed = parseWithSchema(promptTemplateDefinitionSchema, definition, what, 'PROMPT_TEMPLATE_INVALID');
  return Object.freeze({
    ...parsed,
    placeholders: Object.freeze(placeholderNames(parseTemplateText(parsed.prompt, parsed.name))),
  });
}
