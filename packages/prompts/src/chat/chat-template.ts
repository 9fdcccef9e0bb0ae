import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import { Template } from '@huggingface/jinja';
import { z } from 'zod';

/** Zod schema of one chat message: a role (`system`, `user`, `assistant`, ...) and its text. */
export const chatMessageSchema = z.object({
  role: z.string().min(1, 'Expected a non-empty role such as "user".'),
  content: z.string(),
});

/** One chat message. */
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Options of {@link applyChatTemplate}; each maps to the variable Hugging Face passes. */
export interface ApplyChatTemplateOptions {
  /** `add_generation_prompt`: end with the assistant's turn header so the model answers. Default false. */
  readonly addGenerationPrompt?: boolean;
  /** `bos_token`, the BOS token string (`<s>`); many templates start with it. */
  readonly bosToken?: string | null;
  /** `eos_token`, the EOS token string (`</s>`); many templates close each turn with it. */
  readonly eosToken?: string | null;
  /** Further template variables (`tools`, `date_string`, ...). */
  readonly variables?: Readonly<Record<string, unknown>>;
}

const compiled = new Map<string, Template>();
const CACHE_LIMIT = 16;

function compile(template: string): Template {
  const cached = compiled.get(template);
  if (cached !== undefined) return cached;
  let parsed: Template;
  try {
    parsed = new Template(template);
  } catch (error) {
    throw new ToolkitError(
      'PROMPT_TEMPLATE_INVALID',
      `The chat template could not be parsed: ${error instanceof Error ? error.message : String(error)}. Check its {% %} and {{ }} tags; it begins ${JSON.stringify(template.slice(0, 60))}.`,
      { cause: error, details: { stage: 'parse' } },
    );
  }
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(template, parsed);
  return parsed;
}

/**
 * Renders a Jinja chat template (a tokenizer_config.json's `chat_template`) with
 * @huggingface/jinja, the engine transformers.js uses, passing the variables Hugging Face's
 * `apply_chat_template` passes: `messages`, `add_generation_prompt`, `bos_token`, `eos_token`.
 * The template's own `raise_exception(...)` surfaces as an error with its message.
 *
 * @throws ToolkitError `CONFIG_INVALID` for malformed messages; `PROMPT_TEMPLATE_INVALID` when
 * the template does not parse or fails while rendering.
 *
 * @example
 * applyChatTemplate(tokenizer.chatTemplate, [{ role: 'user', content: 'Does Smith win?' }], {
 *   addGenerationPrompt: true, bosToken: '<s>', eosToken: '</s>',
 * });
 */
export function applyChatTemplate(
  template: string,
  messages: readonly ChatMessage[],
  options: ApplyChatTemplateOptions = {},
): string {
  if (typeof template !== 'string' || template.trim() === '') {
    throw new ToolkitError(
      'PROMPT_TEMPLATE_INVALID',
      `Argument 'template' passed to 'applyChatTemplate' must be a non-empty Jinja template string, but got ${JSON.stringify(template)}. Models without a chat_template in tokenizer_config.json need a prompt template such as 'alpaca' instead.`,
    );
  }
  const checked = parseWithSchema(z.array(chatMessageSchema), messages, "Argument 'messages' passed to 'applyChatTemplate'");
  const program = compile(template);
  try {
    return program.render({
      ...options.variables,
      messages: checked,
      add_generation_prompt: options.addGenerationPrompt ?? false,
      bos_token: options.bosToken ?? '',
      eos_token: options.eosToken ?? '',
    });
  } catch (error) {
    throw new ToolkitError(
      'PROMPT_TEMPLATE_INVALID',
      `The chat template failed while rendering ${checked.length} message${checked.length === 1 ? '' : 's'}: ${error instanceof Error ? error.message : String(error)}. Check the message roles and order the template expects.`,
      { cause: error, details: { stage: 'render', roles: checked.map((message) => message.role) } },
    );
  }
}
