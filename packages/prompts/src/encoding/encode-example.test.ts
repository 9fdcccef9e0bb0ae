import { isToolkitError } from '@causal-tune/core';
import type { Tokenizer, ToolkitError } from '@causal-tune/core';
import { CHARACTER_IDS, characterIds, createCharacterTokenizer } from '../__fixtures__/character-tokenizer.js';
import { FACTS, courtRecord } from '../__fixtures__/court-records.js';
import { loadStoriesTokenizer } from '../__fixtures__/fixture-tokenizers.js';
import { buildPromptExample } from '../examples/prompt-example.js';
import { ALPACA_NO_INPUT_TEMPLATE, ALPACA_TEMPLATE } from '../templates/alpaca-templates.js';
import { renderPrompt } from '../templates/render-prompt.js';
import { cutPoints } from './longest-fitting-prefix.js';
import { IGNORE_INDEX, encodeExample } from './encode-example.js';

function errorOf(action: () => unknown): ToolkitError {
  try {
    action();
  } catch (error) {
    if (isToolkitError(error)) return error;
    throw error;
  }
  throw new Error('expected a ToolkitError');
}

const characters = createCharacterTokenizer();
const { bos: BOS, eos: EOS } = CHARACTER_IDS;
const instruction = 'Does Phil A. St. Amant win?';
const example = { template: ALPACA_TEMPLATE, variables: { instruction, input: FACTS }, answer: 'yes' };
const prompt = renderPrompt(ALPACA_TEMPLATE, example.variables);

describe('encodeExample (character tokenizer: one token per character)', () => {
  it('encodes BOS + prompt + answer + EOS and masks the prompt with -100', () => {
    const encoded = encodeExample(example, characters, { cutoffLength: 2048 });
    expect(encoded.inputIds).toEqual([BOS, ...characterIds(prompt + 'yes'), EOS]);
    expect(encoded.attentionMask).toEqual(encoded.inputIds.map(() => 1));
    expect(encoded.promptLength).toBe(1 + prompt.length);
    expect(encoded.labels).toEqual([...new Array<number>(1 + prompt.length).fill(IGNORE_INDEX), ...characterIds('yes'), EOS]);
    expect(encoded.truncatedCharacters).toBe(0);
    expect(encoded.keyTokenCount).toBe(0);
  });

  it('copies the input ids into the labels with trainOnInputs', () => {
    const encoded = encodeExample(example, characters, { cutoffLength: 2048, trainOnInputs: true });
    expect(encoded.labels).toEqual(encoded.inputIds);
  });

  it('leaves EOS out with addEosToken false, and needs an EOS id otherwise', () => {
    expect(encodeExample(example, characters, { cutoffLength: 2048, addEosToken: false }).inputIds.at(-1)).toBe('s'.charCodeAt(0) + 3);
    const error = errorOf(() => encodeExample(example, createCharacterTokenizer({ eos: false }), { cutoffLength: 2048 }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain("Option 'addEosToken' of 'encodeExample' is true, but the tokenizer has no EOS token.");
  });

  it('adds no BOS for tokenizers without one (GPT-2)', () => {
    const encoded = encodeExample(example, createCharacterTokenizer({ bos: false }), { cutoffLength: 2048 });
    expect(encoded.inputIds[0]).toBe('B'.charCodeAt(0) + 3);
    expect(encoded.promptLength).toBe(prompt.length);
  });

  it('encodes the inference prompt without an answer: no EOS, nothing to learn', () => {
    const encoded = encodeExample({ template: ALPACA_TEMPLATE, variables: example.variables }, characters, { cutoffLength: 2048 });
    expect(encoded.inputIds).toEqual([BOS, ...characterIds(prompt)]);
    expect(encoded.labels.every((label) => label === IGNORE_INDEX)).toBe(true);
  });

  it('shortens only the facts, at a word boundary, keeping instruction, template text, answer and EOS', () => {
    const fixedLength = 1 + renderPrompt(ALPACA_TEMPLATE, { instruction, input: '' }).length + 'yes'.length + 1;
    const encoded = encodeExample(example, characters, { cutoffLength: fixedLength + 20 });
    const shortened = renderPrompt(ALPACA_TEMPLATE, { instruction, input: 'In 1962, Phil A. St.' }, { withAnswer: 'yes' });
    expect(encoded.inputIds).toEqual([BOS, ...characterIds(shortened), EOS]);
    expect(encoded.inputIds.length).toBe(fixedLength + 20);
    expect(encoded.truncatedCharacters).toBe(FACTS.length - 'In 1962, Phil A. St.'.length);
    expect(encoded.labels.filter((label) => label !== IGNORE_INDEX)).toEqual([...characterIds('yes'), EOS]);

    const oneLess = encodeExample(example, characters, { cutoffLength: fixedLength + 19 });
    expect(oneLess.inputIds.length).toBe(fixedLength + 'In 1962, Phil A.'.length);
  });

  it('empties the facts when only the fixed parts fit', () => {
    const fixedLength = 1 + renderPrompt(ALPACA_TEMPLATE, { instruction, input: '' }).length + 'yes'.length + 1;
    const encoded = encodeExample(example, characters, { cutoffLength: fixedLength });
    expect(encoded.inputIds).toEqual([BOS, ...characterIds(renderPrompt(ALPACA_TEMPLATE, { instruction, input: '' }) + 'yes'), EOS]);
    expect(encoded.truncatedCharacters).toBe(FACTS.length);
  });

  it('throws PROMPT_TOO_LONG when even empty facts do not fit', () => {
    const fixedLength = 1 + renderPrompt(ALPACA_TEMPLATE, { instruction, input: '' }).length + 'yes'.length + 1;
    const error = errorOf(() => encodeExample(example, characters, { cutoffLength: fixedLength - 1 }));
    expect(error.code).toBe('PROMPT_TOO_LONG');
    expect(error.message).toBe(
      `The example's fixed parts (template 'alpaca', instruction, answer, EOS) take ${fixedLength} tokens with an empty 'input', more than cutoffLength ${fixedLength - 1}. Raise cutoffLength to at least ${fixedLength} or shorten the instruction or answer.`,
    );
    expect(error.details).toMatchObject({ fixedLength, cutoffLength: fixedLength - 1 });
  });

  it('throws PROMPT_TOO_LONG when the template has nothing to shorten', () => {
    const noInput = { template: ALPACA_NO_INPUT_TEMPLATE, variables: { instruction }, answer: 'yes' };
    const error = errorOf(() => encodeExample(noInput, characters, { cutoffLength: 50 }));
    expect(error.code).toBe('PROMPT_TOO_LONG');
    expect(error.message).toContain("template 'alpaca-no-input' has no 'input' value to shorten");
  });

  it('shortens another placeholder when told to', () => {
    const template = { ...ALPACA_TEMPLATE, name: 'facts-first' };
    const encoded = encodeExample({ template, variables: { instruction: 'one two three four', input: 'x' }, answer: 'y' }, characters, {
      cutoffLength: 1 + renderPrompt(ALPACA_TEMPLATE, { instruction: 'one two', input: 'x' }).length + 2,
      truncateVariable: 'instruction',
    });
    expect(characters.decode(encoded.inputIds, { skipSpecialTokens: true })).toContain('### Instruction:\none two\n\n### Input:\nx');
  });

  it('counts key tokens in the input ids', () => {
    const keyTokenIds = characterIds('y');
    const encoded = encodeExample(example, characters, { cutoffLength: 2048, keyTokenIds });
    expect(encoded.keyTokenCount).toBe([...(prompt + 'yes')].filter((character) => character === 'y').length);
    expect(encoded.keyTokenCount).toBeGreaterThan(1);
  });

  it('validates its options, listing every problem', () => {
    const error = errorOf(() => encodeExample(example, characters, { cutoffLength: 0, trainOnInputs: 'yes' } as never));
    expect(error.code).toBe('CONFIG_INVALID');
    expect((error.details?.['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual(['cutoffLength', 'trainOnInputs']);
  });
});

describe('encodeExample (stories260K tokenizer)', () => {
  let stories: Tokenizer;
  beforeAll(async () => {
    stories = await loadStoriesTokenizer();
  });

  it('masks exactly the tokens of the prompt encoded alone, as alpaca-lora does', () => {
    const built = buildPromptExample(courtRecord());
    const encoded = encodeExample(built, stories, { cutoffLength: 1024 });
    const promptIds = stories.encode(renderPrompt(built.template, built.variables));
    expect(encoded.promptLength).toBe(promptIds.length);
    expect(encoded.inputIds.slice(0, promptIds.length)).toEqual(promptIds);
    expect(encoded.labels.filter((label) => label !== IGNORE_INDEX)).toEqual([422, 406, 2]); // "y" "es" </s>
  });

  it('cuts the facts to the longest word prefix that fits the cut-off, with few tokenizations', () => {
    const built = buildPromptExample(courtRecord());
    let encodeCalls = 0;
    const counting: Tokenizer = { ...stories, encode: (text, options) => ((encodeCalls += 1), stories.encode(text, options)) };
    const fixedLength = stories.encode(renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Phil A. St. Amant win?', input: '' }, { withAnswer: 'yes' })).length + 1;
    const cutoffLength = fixedLength + 60;
    expect(stories.encode(renderPrompt(built.template, built.variables, { withAnswer: 'yes' })).length).toBeGreaterThan(cutoffLength + 100);
    const encoded = encodeExample(built, counting, { cutoffLength });
    expect(encoded.inputIds.length).toBeLessThanOrEqual(cutoffLength);
    expect(encoded.inputIds.length).toBeGreaterThan(cutoffLength - 10);
    expect(encodeCalls).toBeLessThanOrEqual(10);

    const kept = FACTS.slice(0, FACTS.length - encoded.truncatedCharacters);
    const text = renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Phil A. St. Amant win?', input: kept }, { withAnswer: 'yes' });
    expect(encoded.inputIds).toEqual([...stories.encode(text), 2]);
    expect(stories.decode(encoded.inputIds, { skipSpecialTokens: true })).toContain('### Instruction:\nDoes Phil A. St. Amant win?\n\n### Input:\nIn 1962,');
    expect(stories.decode(encoded.inputIds, { skipSpecialTokens: true }).endsWith('### Response:\nyes')).toBe(true);

    // One more word would not fit.
    const next = cutPoints(FACTS).find((point) => point > kept.length) as number;
    const longer = renderPrompt(ALPACA_TEMPLATE, { instruction: 'Does Phil A. St. Amant win?', input: FACTS.slice(0, next) }, { withAnswer: 'yes' });
    expect(stories.encode(longer).length + 1).toBeGreaterThan(cutoffLength);
  });
});
