import { ALPACA_NO_INPUT_TEMPLATE, ALPACA_TEMPLATE, alpacaTemplateFor } from './alpaca-templates.js';
import { renderPrompt } from './render-prompt.js';

// templates/alpaca.json of https://github.com/tloen/alpaca-lora, verbatim.
const ALPACA_LORA_JSON = String.raw`{
    "description": "Template used by Alpaca-LoRA.",
    "prompt_input": "Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n",
    "prompt_no_input": "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n{instruction}\n\n### Response:\n",
    "response_split": "### Response:"    
}`;
const alpacaLora = JSON.parse(ALPACA_LORA_JSON) as { prompt_input: string; prompt_no_input: string; response_split: string };

/** alpaca-lora's Prompter.generate_prompt: template.format(...), then the label appended. */
function generatePrompt(instruction: string, input: string, label?: string): string {
  const prompt = input
    ? alpacaLora.prompt_input.replace('{instruction}', instruction).replace('{input}', input)
    : alpacaLora.prompt_no_input.replace('{instruction}', instruction);
  return label ? prompt + label : prompt;
}

describe('Alpaca templates', () => {
  it('hold alpaca-lora strings byte for byte', () => {
    expect(ALPACA_TEMPLATE.prompt).toBe(alpacaLora.prompt_input);
    expect(ALPACA_NO_INPUT_TEMPLATE.prompt).toBe(alpacaLora.prompt_no_input);
    expect(ALPACA_TEMPLATE.responseSplit).toBe(alpacaLora.response_split);
    expect(ALPACA_NO_INPUT_TEMPLATE.responseSplit).toBe(alpacaLora.response_split);
    expect(ALPACA_TEMPLATE.placeholders).toEqual(['instruction', 'input']);
    expect(ALPACA_NO_INPUT_TEMPLATE.placeholders).toEqual(['instruction']);
  });

  it('render the training text (prompt + answer) exactly as alpaca-lora does', () => {
    const text = renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Phil A. St. Amant win?', input: 'Thompson sued St. Amant.' }, { withAnswer: 'yes' });
    expect(text).toBe(
      'Below is an instruction that describes a task, paired with an input that provides further context. ' +
        'Write a response that appropriately completes the request.\n\n' +
        '### Instruction:\nDoes Phil A. St. Amant win?\n\n### Input:\nThompson sued St. Amant.\n\n### Response:\nyes',
    );
    expect(text).toBe(generatePrompt('Does Phil A. St. Amant win?', 'Thompson sued St. Amant.', 'yes'));
  });

  it('render the inference text ending right after "### Response:\\n"', () => {
    const text = renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Complainant win?', input: 'Facts.' });
    expect(text.endsWith('\n\n### Response:\n')).toBe(true);
    expect(text).toBe(generatePrompt('Does Complainant win?', 'Facts.'));
  });

  it('render the no-input variant exactly as alpaca-lora does', () => {
    const text = renderPrompt(ALPACA_NO_INPUT_TEMPLATE, { instruction: 'Name a primary colour.' }, { withAnswer: 'Red.' });
    expect(text).toBe(
      'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n' +
        '### Instruction:\nName a primary colour.\n\n### Response:\nRed.',
    );
    expect(text).toBe(generatePrompt('Name a primary colour.', '', 'Red.'));
  });

  it("pick the template alpaca-lora's Prompter picks for an input", () => {
    expect(alpacaTemplateFor('some facts')).toBe(ALPACA_TEMPLATE);
    expect(alpacaTemplateFor('')).toBe(ALPACA_NO_INPUT_TEMPLATE);
    expect(alpacaTemplateFor(undefined)).toBe(ALPACA_NO_INPUT_TEMPLATE);
    expect(alpacaTemplateFor(null)).toBe(ALPACA_NO_INPUT_TEMPLATE);
  });
});
