import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isToolkitError } from '@causal-tune/core';
import { createOnnxTagger, toNerTag, toTaggedEntities } from './onnx-tagger.js';

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isToolkitError(error)) return { code: error.code, details: error.details ?? {} };
    throw error;
  }
  throw new Error('expected a ToolkitError');
}

describe('createOnnxTagger', () => {
  it('reports MODEL_FILE_NOT_FOUND for a directory that does not exist', async () => {
    const directory = join(tmpdir(), 'causal-tune-no-such-ner-model');
    expect((await errorOf(createOnnxTagger(directory))).code).toBe('MODEL_FILE_NOT_FOUND');
  });

  it('names the missing files of a directory without a token-classification model', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ner-'));
    try {
      const error = await errorOf(createOnnxTagger(empty));
      expect(error.code).toBe('MODEL_FILE_NOT_FOUND');
      expect(error.details.missing).toEqual(['config.json', 'tokenizer.json', 'onnx/model.onnx or onnx/model_quantized.onnx']);
    } finally {
      rmSync(empty, { recursive: true });
    }
    // The shipped stories260K model has config and tokenizer but no ONNX weights.
    const llama = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));
    const error = await errorOf(createOnnxTagger(llama, { dtype: 'q8' }));
    expect(error.details.missing).toEqual(['onnx/model_quantized.onnx']);
  });
});

describe('token-classification output', () => {
  it('maps CoNLL and OntoNotes labels to NER tags', () => {
    expect(['B-PER', 'PERSON', 'I-ORG', 'NORP', 'GPE', 'B-LOC', 'FAC', 'MISC', 'WORK_OF_ART'].map(toNerTag)).toEqual([
      'PER', 'PER', 'ORG', 'ORG', 'LOC', 'LOC', 'LOC', 'MISC', 'MISC',
    ]);
  });

  it('locates decoded words in the name, ignoring spaces word pieces gain or lose', () => {
    const name = 'Lorie Davis, Director, Texas Department of Criminal Justice';
    const entities = toTaggedEntities(
      name,
      [
        { entity_group: 'PER', word: 'Lorie Davis', score: 0.99 },
        { entity_group: 'ORG', word: 'Texas Department of Criminal Justice', score: 0.9 },
        { entity_group: 'MISC', word: 'Director', score: 0.2 },
      ],
      0.5,
    );
    expect(entities.map((entity) => [entity.tag, entity.text, name.slice(entity.start, entity.end)])).toEqual([
      ['PER', 'Lorie Davis', 'Lorie Davis'],
      ['ORG', 'Texas Department of Criminal Justice', 'Texas Department of Criminal Justice'],
    ]);
    expect(toTaggedEntities('Phil A. St. Amant', [{ entity_group: 'PER', word: 'Phil A. St . Amant', score: 1 }])[0]?.text).toBe('Phil A. St. Amant');
  });
});
