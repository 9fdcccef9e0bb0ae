import { defineTemplate } from './prompt-template.js';
import type { PromptTemplate } from './prompt-template.js';

// The strings below are copied byte for byte from alpaca-lora's templates/alpaca.json
// (https://github.com/tloen/alpaca-lora/blob/main/templates/alpaca.json):
//   "prompt_input": "Below is an instruction that describes a task, paired with an input that provides
//     further context. Write a response that appropriately completes the request.\n\n### Instruction:\n
//     {instruction}\n\n### Input:\n{input}\n\n### Response:\n",
//   "prompt_no_input": "Below is an instruction that describes a task. Write a response that
//     appropriately completes the request.\n\n### Instruction:\n{instruction}\n\n### Response:\n",
//   "response_split": "### Response:"
// (the JSON lines are wrapped here; the strings have no line breaks but the \n escapes).

/** alpaca-lora's `prompt_input`: instruction plus an input that gives context (the facts). */
export const ALPACA_TEMPLATE: PromptTemplate = defineTemplate({
  name: 'alpaca',
  description: 'Template used by Alpaca-LoRA, with an input.',
  prompt:
    'Below is an instruction that describes a task, paired with an input that provides further context. ' +
    'Write a response that appropriately completes the request.\n\n' +
    '### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n',
  responseSplit: '### Response:',
});

/** alpaca-lora's `prompt_no_input`: an instruction alone. */
export const ALPACA_NO_INPUT_TEMPLATE: PromptTemplate = defineTemplate({
  name: 'alpaca-no-input',
  description: 'Template used by Alpaca-LoRA, without an input.',
  prompt:
    'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n' +
    '### Instruction:\n{instruction}\n\n### Response:\n',
  responseSplit: '### Response:',
});

/**
 * The Alpaca template alpaca-lora's `Prompter.generate_prompt` picks for an input: with input
 * when it is non-empty (Python truthiness), without otherwise.
 */
export function alpacaTemplateFor(input: string | null | undefined): PromptTemplate {
  return input ? ALPACA_TEMPLATE : ALPACA_NO_INPUT_TEMPLATE;
}
