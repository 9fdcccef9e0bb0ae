import type { LogFields, ProgressEvent } from '@causal-tune/core';
import { createCharacterTokenizer } from '../__fixtures__/character-tokenizer.js';
import { courtRecord } from '../__fixtures__/court-records.js';
import { buildPromptExample } from '../examples/prompt-example.js';
import { encodeExample } from './encode-example.js';
import { ENCODE_EXAMPLES_TASK, encodeExamples } from './encode-examples.js';

const tokenizer = createCharacterTokenizer();
const examples = [1, 0, 1].map((firstPartyWinner, index) => buildPromptExample(courtRecord({ row: index + 1, firstPartyWinner: firstPartyWinner as 0 | 1 })));

describe('encodeExamples', () => {
  it('encodes every example as encodeExample does, with progress events and a log line', () => {
    const events: ProgressEvent[] = [];
    const logged: LogFields[] = [];
    const logger = { debug() {}, warn() {}, error() {}, info: (_message: string, fields?: LogFields) => logged.push(fields ?? {}) };
    const encoded = encodeExamples(examples, tokenizer, { cutoffLength: 300 }, { onProgress: (event) => events.push(event), logger, progressEvery: 2 });
    expect(encoded).toEqual(examples.map((example) => encodeExample(example, tokenizer, { cutoffLength: 300 })));
    expect(events.map((event) => event.type)).toEqual(['task-start', 'task-progress', 'task-progress', 'task-end']);
    expect(events[0]).toEqual({ type: 'task-start', task: ENCODE_EXAMPLES_TASK, total: 3 });
    expect(events[2]).toEqual({ type: 'task-progress', task: ENCODE_EXAMPLES_TASK, completed: 3, total: 3 });
    expect(logged).toEqual([{ examples: 3, truncated: 3 }]);
  });

  it('stops with ABORTED when the signal aborts', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => encodeExamples(examples, tokenizer, {}, { signal: controller.signal })).toThrow(
      expect.objectContaining({ code: 'ABORTED', message: 'Encoding was stopped after 0 of 3 examples.' }),
    );
  });

  it('names the failing example', () => {
    expect(() => encodeExamples(examples, tokenizer, { cutoffLength: 20 })).toThrow(
      expect.objectContaining({ code: 'PROMPT_TOO_LONG', details: expect.objectContaining({ index: 0 }) }),
    );
  });
});
