import { ToolkitError } from '@causal-tune/core';
import { z } from 'zod';
import { ALPACA_TEMPLATE } from './alpaca-templates.js';
import { parseTemplateText } from './placeholders.js';
import type { PromptTemplate } from './prompt-template.js';

/** Values of a template's placeholders, by name. */
export type PromptVariables = Readonly<Record<string, string>>;

/** Options of {@link renderPrompt}. */
export interface RenderPromptOptions {
  /**
   * The answer to append after the prompt: the training text. Leave it out for the inference
   * text, which ends right after the response marker (`### Response:\n` for Alpaca).
   */
  readonly withAnswer?: string;
}

const schemaCache = new WeakMap<PromptTemplate, z.ZodType<Record<string, string>>>();

function variablesSchema(template: PromptTemplate): z.ZodType<Record<string, string>> {
  let schema = schemaCache.get(template);
  if (schema === undefined) {
    schema = z.strictObject(Object.fromEntries(template.placeholders.map((name) => [name, z.string()])));
    schemaCache.set(template, schema);
  }
  return schema;
}

/**
 * Checks `variables` against the template's placeholders with zod and throws one error that
 * names every missing, mistyped or unknown variable.
 */
function validateVariables(template: PromptTemplate, variables: unknown): void {
  const result = variablesSchema(template).safeParse(variables);
  if (result.success) return;
  const missing: string[] = [];
  const unknown: string[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') unknown.push(...issue.keys);
    else if (issue.path.length > 0) missing.push(String(issue.path[0]));
    else missing.push(...template.placeholders);
  }
  const declared = template.placeholders.join(', ') || '(none)';
  const details = { template: template.name, placeholders: template.placeholders, missing, unknown };
  if (missing.length > 0) {
    const names = missing.map((name) => `'${name}'`).join(', ');
    throw new ToolkitError(
      'PROMPT_VARIABLE_MISSING',
      `Template '${template.name}' needs a string value for placeholder${missing.length === 1 ? '' : 's'} ${names}, but ${missing.length === 1 ? 'it was' : 'they were'} missing or not strings. Pass every placeholder (${declared}) in the variables.` +
        (unknown.length > 0 ? ` Also, ${unknown.map((name) => `'${name}'`).join(', ')} is not a placeholder of it.` : ''),
      { details },
    );
  }
  throw new ToolkitError(
    'PROMPT_VARIABLE_UNKNOWN',
    `Template '${template.name}' has no placeholder ${unknown.map((name) => `'${name}'`).join(', ')}; its placeholders are ${declared}. Remove the extra variable or use a template that declares it.`,
    { details },
  );
}

/**
 * Fills a template's placeholders. Values are inserted as they are (no escaping, no trimming),
 * exactly like Python's `str.format` in alpaca-lora.
 *
 * @throws ToolkitError `PROMPT_VARIABLE_MISSING` when a placeholder has no string value,
 * `PROMPT_VARIABLE_UNKNOWN` when a variable is not a placeholder of the template.
 *
 * @example
 * renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Smith win?', input: 'Smith sued Jones.' }, { withAnswer: 'yes' });
 * // '...### Input:\nSmith sued Jones.\n\n### Response:\nyes'
 */
export function renderPrompt(template: PromptTemplate, variables: PromptVariables, options: RenderPromptOptions = {}): string {
  validateVariables(template, variables);
  let text = '';
  for (const segment of parseTemplateText(template.prompt, template.name)) {
    text += segment.kind === 'text' ? segment.text : (variables[segment.name] as string);
  }
  return options.withAnswer === undefined ? text : text + options.withAnswer;
}

/**
 * The model's answer in a generated text: what follows the template's response marker, up to
 * a second marker if the model went on to write one, trimmed (alpaca-lora's
 * `Prompter.get_response`: `output.split(response_split)[1].strip()`).
 *
 * @returns the trimmed response, or null when the text holds no marker at all.
 */
export function extractResponse(text: string, template: Pick<PromptTemplate, 'responseSplit'> = ALPACA_TEMPLATE): string | null {
  const marker = template.responseSplit;
  const start = text.indexOf(marker);
  if (start < 0) return null;
  const rest = text.slice(start + marker.length);
  const next = rest.indexOf(marker);
  return (next < 0 ? rest : rest.slice(0, next)).trim();
}
