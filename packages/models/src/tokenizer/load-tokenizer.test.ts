import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { GPT2_TOKENIZER_DIR, STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { loadTokenizer } from './load-tokenizer.js';

interface TokenizerFixtures {
  readonly texts: string[];
  readonly ids: number[][];
}

describe('loadTokenizer', () => {
  const originalFetch = env.fetch;
  const fetchCalls: unknown[] = [];
  beforeAll(() => {
    env.fetch = async (input: unknown) => {
      fetchCalls.push(input);
      throw new Error('network access in a unit test');
    };
  });
  afterAll(() => {
    env.fetch = originalFetch;
  });
  afterEach(() => {
    expect(fetchCalls).toEqual([]);
  });

  it('encodes the stories260K fixture texts to their exact ids, BOS included, and decodes them back', async () => {
    const fixtures = JSON.parse(await readFile(join(STORIES_260K_DIR, 'tokenizer_fixtures.json'), 'utf8')) as TokenizerFixtures;
    const tokenizer = await loadTokenizer(STORIES_260K_DIR);
    fixtures.texts.forEach((text, index) => {
      const ids = tokenizer.encode(text);
      expect(ids).toEqual(fixtures.ids[index]);
      expect(tokenizer.encode(text, { addSpecialTokens: false })).toEqual(fixtures.ids[index]!.slice(1));
      expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe(text);
    });
    expect(tokenizer.decode([1, 403, 407, 261, 378])).toBe('<s> Once upon a time');
  });

  it('exposes the LLaMA special tokens of stories260K', async () => {
    const tokenizer = await loadTokenizer(STORIES_260K_DIR);
    expect(tokenizer).toMatchObject({
      vocabSize: 512,
      bosTokenId: 1,
      eosTokenId: 2,
      padTokenId: 2, // no pad token: EOS pads
      unkTokenId: 0,
      modelMaxLength: 512,
      chatTemplate: null,
      specialTokens: ['<unk>', '<s>', '</s>'],
    });
  });

  it('loads the GPT-2 tokenizer from tokenizer.json alone: 50,257 tokens, <|endoftext|> = 50256, no BOS added', async () => {
    const tokenizer = await loadTokenizer(GPT2_TOKENIZER_DIR);
    expect(tokenizer).toMatchObject({ vocabSize: 50257, bosTokenId: 50256, eosTokenId: 50256, specialTokens: ['<|endoftext|>'] });
    expect(tokenizer.encode('Hello world<|endoftext|>')).toEqual([15496, 995, 50256]);
    expect(tokenizer.decode([15496, 995, 50256], { skipSpecialTokens: true })).toBe('Hello world');
  });

  describe('in a copied directory', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tokenizer-'));
      await cp(STORIES_260K_DIR, dir, { recursive: true });
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads the chat template from tokenizer_config.json, else from chat_template.jinja', async () => {
      await writeFile(join(dir, 'chat_template.jinja'), '{{ messages[0].content }}');
      expect((await loadTokenizer(dir)).chatTemplate).toBe('{{ messages[0].content }}');
      const config = JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8'));
      await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ ...config, chat_template: '{% for m in messages %}{{ m.content }}{% endfor %}' }));
      expect((await loadTokenizer(dir)).chatTemplate).toBe('{% for m in messages %}{{ m.content }}{% endfor %}');
    });

    it('names a missing tokenizer file and wraps a broken tokenizer.json', async () => {
      await rm(join(dir, 'tokenizer_config.json'));
      await expect(loadTokenizer(dir)).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', message: expect.stringContaining('has no tokenizer_config.json') });
      await cp(join(STORIES_260K_DIR, 'tokenizer_config.json'), join(dir, 'tokenizer_config.json'));
      await writeFile(join(dir, 'tokenizer.json'), '{"model": {"type": "Nonsense"}}');
      await expect(loadTokenizer(dir)).rejects.toMatchObject({ code: 'TOKENIZER_LOAD_FAILED', message: expect.stringContaining(dir) });
    });
  });
});
