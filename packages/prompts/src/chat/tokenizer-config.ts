import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';

/** A chat template with the special-token strings it refers to. */
export interface ChatTemplateConfig {
  readonly template: string;
  readonly bosToken: string | null;
  readonly eosToken: string | null;
}

// Special tokens are a string or a serialised AddedToken ({ "content": "<s>", "lstrip": false, ... }).
const specialTokenSchema = z.union([z.string(), z.looseObject({ content: z.string() })]).nullish();

/** The parts of tokenizer_config.json that chat templating reads; other keys pass through. */
const tokenizerConfigSchema = z.looseObject({
  chat_template: z
    .union([z.string(), z.array(z.object({ name: z.string(), template: z.string() }))])
    .nullish()
    .describe('One template, or named templates such as "default" and "tool_use".'),
  bos_token: specialTokenSchema,
  eos_token: specialTokenSchema,
});

function tokenText(token: z.infer<typeof specialTokenSchema>): string | null {
  if (token === null || token === undefined) return null;
  return typeof token === 'string' ? token : token.content;
}

/**
 * Reads the chat template and BOS/EOS strings from a parsed tokenizer_config.json. A config may
 * hold one template or a list of named ones (`[{ name: 'default', template }, ...]`); `name`
 * picks one (default `'default'`).
 *
 * @returns null when the config has no chat template (base models such as GPT-2 or LLaMA).
 * @throws ToolkitError `PROMPT_TEMPLATE_INVALID` when the fields have the wrong shape or the
 * named template is absent.
 */
export function chatTemplateFromTokenizerConfig(config: unknown, options: { readonly name?: string } = {}): ChatTemplateConfig | null {
  const parsed = parseWithSchema(tokenizerConfigSchema, config, 'tokenizer_config.json', 'PROMPT_TEMPLATE_INVALID');
  const chatTemplate = parsed.chat_template;
  if (chatTemplate === null || chatTemplate === undefined) return null;
  let template: string;
  if (typeof chatTemplate === 'string') {
    template = chatTemplate;
  } else {
    const name = options.name ?? 'default';
    const named = chatTemplate.find((entry) => entry.name === name);
    if (named === undefined) {
      throw new ToolkitError(
        'PROMPT_TEMPLATE_INVALID',
        `tokenizer_config.json has no chat template named '${name}'; it has ${chatTemplate.map((entry) => `'${entry.name}'`).join(', ') || 'none'}. Pass one of those as the name.`,
        { details: { name, available: chatTemplate.map((entry) => entry.name) } },
      );
    }
    template = named.template;
  }
  return { template, bosToken: tokenText(parsed.bos_token), eosToken: tokenText(parsed.eos_token) };
}

/**
 * Reads tokenizer_config.json from a model directory (or the file itself) and returns its chat
 * template, as {@link chatTemplateFromTokenizerConfig} does.
 *
 * @throws ToolkitError `MODEL_FILE_NOT_FOUND` when the file is missing,
 * `PROMPT_TEMPLATE_INVALID` when it is not JSON or its template fields are malformed.
 */
export async function readChatTemplate(path: string, options: { readonly name?: string } = {}): Promise<ChatTemplateConfig | null> {
  const isDirectory = await stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  const file = isDirectory ? join(path, 'tokenizer_config.json') : path;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ToolkitError(
      'MODEL_FILE_NOT_FOUND',
      `Cannot read ${file}. Expected a model directory holding tokenizer_config.json, or the path of that file.`,
      { cause: error, details: { file } },
    );
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ToolkitError('PROMPT_TEMPLATE_INVALID', `${file} is not valid JSON: ${(error as Error).message}.`, {
      cause: error,
      details: { file },
    });
  }
  return chatTemplateFromTokenizerConfig(config, options);
}
