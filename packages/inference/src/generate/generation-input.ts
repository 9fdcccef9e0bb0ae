import { ToolkitError, type Tokenizer } from '@causal-tune/core';
import { alpacaTemplateFor, renderPrompt, type PromptTemplate, type PromptVariables } from '@causal-tune/prompts';

/**
 * What to continue: an instruction (with an optional input) rendered with the run's template
 * (alpaca-lora's Alpaca template without a run), a raw prompt string (encoded with BOS where the
 * tokenizer adds it), or token ids as they are.
 */
export type GenerateInput = string | { readonly instruction: string; readonly input?: string } | { readonly tokenIds: readonly number[] };

/** A generation input as token ids, with the template its response is cut with. */
export interface EncodedGenerationInput {
  readonly ids: readonly number[];
  /** The prompt text; null for token ids. */
  readonly prompt: string | null;
  /** The template whose response marker cuts the response, when the prompt was rendered from one. */
  readonly template: PromptTemplate | null;
}

/** Encodes one generation input; an empty one is `CONFIG_INVALID`. */
export function encodeGenerationInput(input: GenerateInput, tokenizer: Tokenizer, runTemplate: PromptTemplate | undefined, index: number): EncodedGenerationInput {
  if (typeof input === 'object' && 'tokenIds' in input) {
    if (input.tokenIds.length === 0) throw new ToolkitError('CONFIG_INVALID', `Generation input ${index} has no token ids; give at least one (e.g. BOS).`, { details: { index } });
    return { ids: [...input.tokenIds], prompt: null, template: null };
  }
  if (typeof input === 'string') {
    const ids = tokenizer.encode(input);
    if (ids.length === 0) throw new ToolkitError('CONFIG_INVALID', `Generation input ${index} is empty and the tokenizer adds no BOS; give a prompt or token ids.`, { details: { index } });
    return { ids, prompt: input, template: null };
  }
  const inputText = input.input ?? '';
  const template = runTemplate ?? alpacaTemplateFor(inputText);
  const variables: PromptVariables = template.placeholders.includes('input') ? { instruction: input.instruction, input: inputText } : { instruction: input.instruction };
  const prompt = renderPrompt(template, variables);
  return { ids: tokenizer.encode(prompt), prompt, template };
}
