import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isToolkitError } from '@causal-tune/core';
import { FIXTURE_MODELS_DIR } from '../__fixtures__/fixture-tokenizers.js';
import { applyChatTemplate } from './chat-template.js';
import { chatTemplateFromTokenizerConfig, readChatTemplate } from './tokenizer-config.js';

const CHATML = "{% for message in messages %}{{ '<|im_start|>' + message.role + '\\n' + message.content + eos_token + '\\n' }}{% endfor %}";

describe('chatTemplateFromTokenizerConfig', () => {
  it('reads a single template and AddedToken-shaped special tokens', () => {
    const config = {
      chat_template: CHATML,
      bos_token: { content: '<s>', lstrip: false, normalized: false, rstrip: false, single_word: false },
      eos_token: '</s>',
      model_max_length: 2048,
    };
    expect(chatTemplateFromTokenizerConfig(config)).toEqual({ template: CHATML, bosToken: '<s>', eosToken: '</s>' });
  });

  it('picks a named template from a list, "default" unless told', () => {
    const config = { chat_template: [{ name: 'default', template: 'D' }, { name: 'tool_use', template: 'T' }], eos_token: null };
    expect(chatTemplateFromTokenizerConfig(config)).toEqual({ template: 'D', bosToken: null, eosToken: null });
    expect(chatTemplateFromTokenizerConfig(config, { name: 'tool_use' })?.template).toBe('T');
    expect(() => chatTemplateFromTokenizerConfig(config, { name: 'rag' })).toThrow(
      "tokenizer_config.json has no chat template named 'rag'; it has 'default', 'tool_use'. Pass one of those as the name.",
    );
  });

  it('returns null for base models without a chat template', () => {
    expect(chatTemplateFromTokenizerConfig({ bos_token: '<s>' })).toBeNull();
  });

  it('rejects a malformed chat_template with PROMPT_TEMPLATE_INVALID', () => {
    try {
      chatTemplateFromTokenizerConfig({ chat_template: 42 });
      throw new Error('expected a failure');
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      expect(error.code).toBe('PROMPT_TEMPLATE_INVALID');
      expect(error.message).toContain('chat_template');
    }
  });
});

describe('readChatTemplate', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'prompts-chat-'));
    await writeFile(join(directory, 'tokenizer_config.json'), JSON.stringify({ chat_template: CHATML, eos_token: '</s>' }));
    await writeFile(join(directory, 'broken.json'), '{ "chat_template": ');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads a model directory and renders its template', async () => {
    const config = await readChatTemplate(directory);
    expect(config).not.toBeNull();
    if (config === null) return;
    expect(applyChatTemplate(config.template, [{ role: 'user', content: 'hi' }], { eosToken: config.eosToken })).toBe('<|im_start|>user\nhi</s>\n');
  });

  it('returns null for the stories260K fixture, a base model', async () => {
    await expect(readChatTemplate(join(FIXTURE_MODELS_DIR, 'stories260K'))).resolves.toBeNull();
  });

  it('reports a missing file and broken JSON with codes', async () => {
    await expect(readChatTemplate(join(directory, 'nope'))).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND' });
    await expect(readChatTemplate(join(directory, 'broken.json'))).rejects.toMatchObject({ code: 'PROMPT_TEMPLATE_INVALID' });
  });
});
