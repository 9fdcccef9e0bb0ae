import { ToolkitError, type RunOptions, type Tokenizer } from '@causal-tune/core';
import { augmentWithSwaps, loadDataset, prepareDataset, splitDataset, type LoadedDataset, type PreparedCourtRecord, type InstructionRecord } from '@causal-tune/data-prep';
import { buildPromptExample, createVerbalizer, encodeExample, getTemplate, resolveKeyTokens, verbalizerTokens, type Verbalizer } from '@causal-tune/prompts';
import type { TrainConfig } from '../config/train-config.js';
import type { TrainingExample } from './training-example.js';

/** Everything a run trains and evaluates on. */
export interface TrainingData {
  readonly train: readonly TrainingExample[];
  readonly validation: readonly TrainingExample[];
  readonly verbalizer: Verbalizer;
  /** First token ids of the verbalizer's words after "### Response:\n", in class order. */
  readonly labelTokenIds: readonly number[];
  /** Rows the lenient loader left out, with their reasons. */
  readonly rejectedRows: number;
  /** Examples whose facts were shortened to fit `cutoffLen`. */
  readonly truncatedExamples: number;
}

type SourceRecord = PreparedCourtRecord | InstructionRecord;

/**
 * Loads, prepares, splits and encodes a run's data: court CSVs go through party matching and the
 * court prompt builder, Alpaca-style records through the template as they are; the validation
 * split is seeded and stratified, and swap augmentation (when asked) touches the training part
 * only, after the split, so a case and its swapped twin never straddle it.
 */
export async function buildTrainingData(config: TrainConfig, tokenizer: Tokenizer, options: RunOptions = {}): Promise<TrainingData> {
  // Integer-like labels ("0", "1") are numbers, as the court builder asks for labels 0 and 1.
  const verbalizer = createVerbalizer(Object.entries(config.prompt.verbalizer).map(([label, word]) => ({ label: /^-?\d+$/.test(label) ? Number(label) : label, word })));
  const mode = config.data.lenient ? 'lenient' : 'strict';
  const loaded = await loadDataset(config.data.path, { mode, requireLabels: true, ...options });
  const records = await toSourceRecords(loaded, config.data.maxRows, options);
  let train: SourceRecord[];
  let validation: SourceRecord[];
  let rejectedRows = loaded.rejected.length;
  if (config.data.validationPath) {
    const other = await loadDataset(config.data.validationPath, { mode, requireLabels: true, ...options });
    rejectedRows += other.rejected.length;
    train = records;
    validation = await toSourceRecords(other, undefined, options);
  } else if (config.data.validationFraction > 0) {
    ({ train, validation } = splitDataset<SourceRecord>(records, { validationFraction: config.data.validationFraction, seed: config.data.seed }));
  } else {
    train = records;
    validation = [];
  }
  if (config.data.swapAugmentation && loaded.kind === 'court') train = [...augmentWithSwaps(train as PreparedCourtRecord[])];
  if (train.length === 0) throw new ToolkitError('DATA_EMPTY', `The training split of '${config.data.path}' has no examples. Lower data.validationFraction or give more rows.`);

  const template = getTemplate(config.prompt.template);
  const keyTokenIds = config.loss.keyTokens.length === 0 ? [] : resolveKeyTokens(config.loss.keyTokens.filter((key): key is string => typeof key === 'string'), tokenizer).ids.concat(config.loss.keyTokens.filter((key): key is number => typeof key === 'number'));
  const words = verbalizer.entries.map((entry) => entry.word);
  const encode = (record: SourceRecord): TrainingExample => {
    const example = buildPromptExample(record, { template, court: { useAlias: config.prompt.askWith === 'alias', verbalizer } });
    const encoded = encodeExample(example, tokenizer, { cutoffLength: config.prompt.cutoffLen, trainOnInputs: config.prompt.trainOnInputs, addEosToken: config.prompt.addEosToken, keyTokenIds });
    const classIndex = example.answer === undefined ? -1 : words.indexOf(example.answer.trim());
    return {
      id: 'id' in record ? record.id : `row ${record.row}`,
      inputIds: encoded.inputIds,
      labels: encoded.labels,
      keyTokenCount: encoded.keyTokenCount,
      answerPosition: encoded.promptLength - 1,
      truncatedCharacters: encoded.truncatedCharacters,
      ...(classIndex >= 0 ? { classIndex } : {}),
    };
  };
  const trainExamples = train.map(encode);
  const validationExamples = validation.map(encode).slice(0, config.training.evalMaxExamples ?? Number.POSITIVE_INFINITY);
  const labelTokenIds = verbalizerTokens(verbalizer, tokenizer, options.logger ? { logger: options.logger } : {}).entries.map((entry) => entry.firstTokenId);
  return {
    train: trainExamples,
    validation: validationExamples,
    verbalizer,
    labelTokenIds,
    rejectedRows,
    truncatedExamples: [...trainExamples, ...validationExamples].filter((example) => example.truncatedCharacters > 0).length,
  };
}

async function toSourceRecords(loaded: LoadedDataset, maxRows: number | undefined, options: RunOptions): Promise<SourceRecord[]> {
  if (loaded.kind === 'instruction') return loaded.records.slice(0, maxRows);
  return prepareDataset(loaded.records.slice(0, maxRows), options);
}
