import { isToolkitError } from '@causal-tune/core';
import type { ToolkitError } from '@causal-tune/core';
import { applyChatTemplate } from './chat-template.js';

function errorOf(action: () => unknown): ToolkitError {
  try {
    action();
  } catch (error) {
    if (isToolkitError(error)) return error;
    throw error;
  }
  throw new Error('expected a ToolkitError');
}

// The chat_template of HuggingFaceH4/zephyr-7b-beta's tokenizer_config.json.
const ZEPHYR =
  "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + message['content'] + eos_token }}\n" +
  "{% elif message['role'] == 'system' %}\n{{ '<|system|>\n' + message['content'] + eos_token }}\n" +
  "{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n" +
  "{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}";

// A ChatML template with a BOS and a role check, in the style of Qwen and Llama-2 templates.
const CHATML =
  '{{ bos_token }}{% for message in messages %}' +
  "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}" +
  "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const conversation = [
  { role: 'system', content: 'Answer yes or no.' },
  { role: 'user', content: 'Does Phil A. St. Amant win?' },
];

describe('applyChatTemplate', () => {
  it('renders the Zephyr template as transformers does', () => {
    expect(applyChatTemplate(ZEPHYR, conversation, { addGenerationPrompt: true, bosToken: '<s>', eosToken: '</s>' })).toBe(
      '<|system|>\nAnswer yes or no.</s>\n<|user|>\nDoes Phil A. St. Amant win?</s>\n<|assistant|>\n',
    );
  });

  it('leaves the generation prompt out unless asked, and renders assistant turns for training', () => {
    expect(applyChatTemplate(ZEPHYR, [...conversation, { role: 'assistant', content: 'yes' }], { eosToken: '</s>' })).toBe(
      '<|system|>\nAnswer yes or no.</s>\n<|user|>\nDoes Phil A. St. Amant win?</s>\n<|assistant|>\nyes</s>\n',
    );
  });

  it('renders ChatML with BOS and the generation prompt', () => {
    const messages = [
      { role: 'user', content: 'Does Thompson win?' },
      { role: 'assistant', content: 'no' },
      { role: 'user', content: 'Does St. Amant win?' },
    ];
    expect(applyChatTemplate(CHATML, messages, { addGenerationPrompt: true, bosToken: '<s>' })).toBe(
      '<s><|im_start|>user\nDoes Thompson win?<|im_end|>\n<|im_start|>assistant\nno<|im_end|>\n' +
        '<|im_start|>user\nDoes St. Amant win?<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it("turns the template's raise_exception into PROMPT_TEMPLATE_INVALID with its message", () => {
    const error = errorOf(() => applyChatTemplate(CHATML, [{ role: 'assistant', content: 'yes' }]));
    expect(error.code).toBe('PROMPT_TEMPLATE_INVALID');
    expect(error.message).toContain('The chat template failed while rendering 1 message: Conversation roles must alternate');
    expect(error.details).toEqual({ stage: 'render', roles: ['assistant'] });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('reports a template that does not parse as PROMPT_TEMPLATE_INVALID', () => {
    const error = errorOf(() => applyChatTemplate('{% for message in %}{{ message }}{% endfor %}', conversation));
    expect(error.code).toBe('PROMPT_TEMPLATE_INVALID');
    expect(error.message).toMatch(/^The chat template could not be parsed: .+\. Check its \{% %\} and \{\{ \}\} tags/);
    expect(error.details).toEqual({ stage: 'parse' });
  });

  it('refuses an empty template and malformed messages', () => {
    expect(errorOf(() => applyChatTemplate('  ', conversation)).code).toBe('PROMPT_TEMPLATE_INVALID');
    const error = errorOf(() => applyChatTemplate(ZEPHYR, [{ role: '', content: 'x' }, { role: 'user' }] as never));
    expect(error.code).toBe('CONFIG_INVALID');
    expect((error.details?.['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual(['0.role', '1.content']);
  });

  it('passes extra variables through', () => {
    expect(applyChatTemplate('{{ date_string }}: {{ messages[0].content }}', [{ role: 'user', content: 'hi' }], { variables: { date_string: '26 Jul 2024' } })).toBe(
      '26 Jul 2024: hi',
    );
  });
});
