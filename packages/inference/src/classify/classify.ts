import { ToolkitError, type RunOptions, type Tokenizer } from '@causal-tune/core';
import type { InstructionRecord } from '@causal-tune/data-prep';
import { DEFAULT_ANSWER_CONTEXT, verbalizerTokens, type AskedAbout, type Verbalizer, type VerbalizerEntry, type VerbalizerLabel } from '@causal-tune/prompts';
import { encodePrompt, type ClassifyInput, type EncodedPrompt, type OverflowPolicy, type PromptSettings } from './encode-prompts.js';
import { calibrate, labelProbabilities, meanProbabilities } from './label-scores.js';
import type { BatchingOptions } from './score-prompts.js';
import { consistentPairProbabilities, findSwappedPairs } from './swap-pairs.js';

/** Zhao et al.'s content-free inputs; their label probabilities are averaged. */
export const DEFAULT_CONTENT_FREE_INPUTS: readonly string[] = Object.freeze(['N/A', '', '[MASK]']);

/** Options of `Predictor.classify`. */
export interface ClassifyOptions extends BatchingOptions, RunOptions {
  /**
   * Contextual calibration (Zhao et al. 2021): divide each label's probability by the one the
   * model gives a content-free input, then renormalise. `true` uses "N/A", "" and "[MASK]" in place
   * of the facts (and of the party: "Does N/A win?"); `contentFree` sets the texts;
   * `contentFreePrompts` gives rendered prompts (needed to calibrate rendered string inputs).
   */
  readonly calibrate?: boolean | { readonly contentFree?: readonly string[]; readonly contentFreePrompts?: readonly string[] };
  /**
   * Decision threshold in [0, 1] on p(positive label) of a two-label verbalizer (court records:
   * on p(first party wins)); default 0.5. More than two labels: the most probable one.
   */
  readonly threshold?: number;
  /** The positive label of a two-label verbalizer; default 1 when it is a label, else the first entry. */
  readonly positiveLabel?: VerbalizerLabel;
  /**
   * For court data holding each case twice with the parties swapped (the competition's test set):
   * average p(first party wins) of a case with 1 − that of its twin (same facts, parties swapped)
   * and give the twin the opposite answer.
   */
  readonly consistentPairs?: boolean;
  /** `truncate` (default) shortens the facts of a too-long prompt and says so; `error` refuses. */
  readonly overflow?: OverflowPolicy;
  /** Most prompt tokens; default the run's cutoffLen (or the model context), never above the context. */
  readonly maxPromptTokens?: number;
}

/** The court reading of one classification. */
export interface CourtDecision {
  readonly askedAbout: AskedAbout;
  /** The name in the question. */
  readonly party: string;
  /** The competition's label: 1 when the first party wins. */
  readonly firstPartyWinner: 0 | 1;
  /** p(first party wins), after calibration and pair consistency. */
  readonly firstPartyWinProbability: number;
  /** Index of the swapped twin when `consistentPairs` paired this case. */
  readonly pairedWith?: number;
}

/** The answer for one input, at the same index as the input. */
export interface Classification {
  readonly index: number;
  /** The record's ID, when it has one. */
  readonly id?: string;
  /** The predicted label of the question asked (court: 1 = the party asked about wins). */
  readonly label: VerbalizerLabel;
  readonly word: string;
  /** Probability per label (keys are the labels as strings), after calibration when asked. */
  readonly probabilities: Readonly<Record<string, number>>;
  /** The probabilities before calibration (only when calibrating). */
  readonly uncalibratedProbabilities?: Readonly<Record<string, number>>;
  /** Σ p(label word's first token) over the whole vocabulary: how much the model wanted to answer with a label word. */
  readonly labelMass: number;
  readonly promptTokens: number;
  /** The prompt that was scored: the run's template with the facts cut to fit cutoffLen (what the model saw). */
  readonly prompt: string;
  /** Characters cut from the end of the facts to fit; 0 when the prompt fitted. */
  readonly truncatedCharacters: number;
  readonly court?: CourtDecision;
}

/** What `Predictor.classify` returns. */
export interface ClassifyResult {
  /** The verbalizer's labels and words, in probability order. */
  readonly labels: readonly VerbalizerEntry[];
  /** One per input, in input order. */
  readonly items: readonly Classification[];
  /** Prompts whose facts were shortened. */
  readonly truncatedPrompts: number;
  /** Swapped pairs made consistent. */
  readonly pairs: number;
  /** Content-free label probabilities per prompt group (court, or an instruction), when calibrating. */
  readonly contentFreeProbabilities?: Readonly<Record<string, readonly number[]>>;
  readonly durationMs: number;
}

/** What classification needs from a predictor. */
export interface ClassifierContext {
  readonly tokenizer: Tokenizer;
  readonly verbalizer: Verbalizer;
  readonly prompt: Omit<PromptSettings, 'overflow'>;
  /** The model context minus virtual tokens: prompts never exceed it. */
  readonly contextTokens: number;
  readonly score: (prompts: readonly (readonly number[])[], labelTokenIds: readonly number[], options: BatchingOptions & RunOptions) => Promise<number[][]>;
}

const COURT_GROUP = 'court';

function isRenderedPrompt(input: ClassifyInput): input is string | { readonly tokenIds: readonly number[] } {
  return typeof input === 'string' || 'tokenIds' in input;
}

function groupOf(input: ClassifyInput): string {
  if (isRenderedPrompt(input)) return 'prompt';
  return 'instruction' in input ? `instruction: ${input.instruction}` : COURT_GROUP;
}

function contentFreeRecords(input: ClassifyInput, texts: readonly string[]): InstructionRecord[] {
  if (isRenderedPrompt(input)) return [];
  const instructionOf = (text: string) => ('instruction' in input ? input.instruction : `Does ${text} win?`);
  return texts.map((text) => ({ row: 0, instruction: instructionOf(text), input: text }));
}

function byLabel(entries: readonly VerbalizerEntry[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(entries.map((entry, index) => [String(entry.label), values[index]!]));
}

/**
 * Classifies inputs the method's way: one forward pass per prompt, the next-token distribution
 * at the answer position read for each label word's first token, a softmax over those label
 * logits; then optional contextual calibration, the threshold, and swapped-pair consistency.
 */
export async function classifyInputs(inputs: readonly ClassifyInput[], context: ClassifierContext, options: ClassifyOptions = {}): Promise<ClassifyResult> {
  const started = performance.now();
  const { verbalizer, tokenizer } = context;
  const entries = verbalizer.entries;
  const threshold = options.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new ToolkitError('CONFIG_INVALID', `Option 'threshold' of 'classify' must be in [0, 1], but got ${threshold}.`);
  const maxPromptTokens = Math.min(options.maxPromptTokens ?? context.prompt.maxPromptTokens, context.contextTokens);
  const settings: PromptSettings = { ...context.prompt, maxPromptTokens, contextTokens: context.contextTokens, overflow: options.overflow ?? 'truncate' };
  const encoded = inputs.map((input, index) => encodePrompt(input, index, tokenizer, settings));
  const beyond = encoded.filter((prompt) => prompt.beyondLimit === true);
  if (beyond.length > 0) {
    options.logger?.warn(`${beyond.length} prompts are longer than ${maxPromptTokens} tokens even without their facts (a long instruction); they were fitted to the model context of ${context.contextTokens} instead.`, {
      prompts: beyond.map((prompt) => prompt.id ?? prompt.index),
    });
  }
  const labelTokenIds = verbalizerTokens(verbalizer, tokenizer, { context: DEFAULT_ANSWER_CONTEXT, ...(options.logger ? { logger: options.logger } : {}) }).entries.map((entry) => entry.firstTokenId);
  const logProbs = await context.score(
    encoded.map((prompt) => prompt.ids),
    labelTokenIds,
    options,
  );
  const scored = logProbs.map(labelProbabilities);

  let contentFree: Record<string, number[]> | undefined;
  let probabilities = scored.map((score) => score.probabilities);
  if (options.calibrate !== undefined && options.calibrate !== false) {
    contentFree = await contentFreeProbabilities(inputs, context, settings, labelTokenIds, options);
    probabilities = probabilities.map((values, index) => calibrate(values, contentFree![groupOf(inputs[index]!)]!));
  }

  const positiveIndex = positiveLabelIndex(entries, options.positiveLabel);
  const courtIndices = courtLabelIndices(entries, encoded);
  const firstPartyProbabilities = encoded.map((prompt, index) => {
    if (prompt.court === undefined || courtIndices === undefined) return undefined;
    const partyWins = probabilities[index]![courtIndices.won]!;
    return prompt.court.askedAbout === 'second_party' ? 1 - partyWins : partyWins;
  });
  const twins = new Map<number, number>();
  const decisions = firstPartyProbabilities.map((value) => (value === undefined ? undefined : { probability: value, winner: (value >= threshold ? 1 : 0) as 0 | 1 }));
  if (options.consistentPairs === true) {
    const pairs = findSwappedPairs(inputs.map((input) => (!isRenderedPrompt(input) && 'facts' in input ? input : undefined)));
    for (const [original, swapped] of pairs) {
      const [first, second] = consistentPairProbabilities(decisions[original]!.probability, decisions[swapped]!.probability);
      const winner = (first >= threshold ? 1 : 0) as 0 | 1;
      decisions[original] = { probability: first, winner };
      decisions[swapped] = { probability: second, winner: winner === 1 ? 0 : 1 };
      twins.set(original, swapped).set(swapped, original);
    }
  }

  const items = encoded.map((prompt, index): Classification => {
    const values = probabilities[index]!;
    const decision = decisions[index];
    let labelIndex: number;
    if (decision !== undefined && courtIndices !== undefined) {
      const partyWon = prompt.court!.askedAbout === 'second_party' ? decision.winner === 0 : decision.winner === 1;
      labelIndex = partyWon ? courtIndices.won : courtIndices.lost;
    } else if (entries.length === 2) {
      labelIndex = values[positiveIndex]! >= threshold ? positiveIndex : 1 - positiveIndex;
    } else labelIndex = values.indexOf(Math.max(...values));
    const twin = twins.get(index);
    return {
      index,
      ...(prompt.id === undefined ? {} : { id: prompt.id }),
      label: entries[labelIndex]!.label,
      word: entries[labelIndex]!.word,
      probabilities: byLabel(entries, values),
      ...(contentFree === undefined ? {} : { uncalibratedProbabilities: byLabel(entries, scored[index]!.probabilities) }),
      labelMass: scored[index]!.labelMass,
      promptTokens: prompt.ids.length,
      prompt: prompt.prompt,
      truncatedCharacters: prompt.truncatedCharacters,
      ...(prompt.court === undefined || decision === undefined
        ? {}
        : { court: { askedAbout: prompt.court.askedAbout, party: prompt.court.party, firstPartyWinner: decision.winner, firstPartyWinProbability: decision.probability, ...(twin === undefined ? {} : { pairedWith: twin }) } }),
    };
  });
  return {
    labels: entries,
    items,
    truncatedPrompts: items.filter((item) => item.truncatedCharacters > 0).length,
    pairs: twins.size / 2,
    ...(contentFree === undefined ? {} : { contentFreeProbabilities: contentFree }),
    durationMs: performance.now() - started,
  };
}

function positiveLabelIndex(entries: readonly VerbalizerEntry[], positive: VerbalizerLabel | undefined): number {
  const wanted = positive ?? (entries.some((entry) => entry.label === 1) ? 1 : entries[0]!.label);
  const index = entries.findIndex((entry) => entry.label === wanted);
  if (index < 0) throw new ToolkitError('CONFIG_INVALID', `Option 'positiveLabel' of 'classify' is ${JSON.stringify(wanted)}, but the verbalizer's labels are ${entries.map((entry) => JSON.stringify(entry.label)).join(', ')}.`);
  return index;
}

function courtLabelIndices(entries: readonly VerbalizerEntry[], encoded: readonly EncodedPrompt[]): { won: number; lost: number } | undefined {
  if (!encoded.some((prompt) => prompt.court !== undefined)) return undefined;
  const won = entries.findIndex((entry) => entry.label === 1);
  const lost = entries.findIndex((entry) => entry.label === 0);
  if (won < 0 || lost < 0 || entries.length !== 2) {
    throw new ToolkitError('CONFIG_INVALID', `Court records need a verbalizer with exactly the labels 1 (the party asked about wins) and 0, but it has ${entries.map((entry) => JSON.stringify(entry.label)).join(', ')}.`);
  }
  return { won, lost };
}

async function contentFreeProbabilities(inputs: readonly ClassifyInput[], context: ClassifierContext, settings: PromptSettings, labelTokenIds: readonly number[], options: ClassifyOptions): Promise<Record<string, number[]>> {
  const calibration = typeof options.calibrate === 'object' ? options.calibrate : {};
  const texts = calibration.contentFree ?? DEFAULT_CONTENT_FREE_INPUTS;
  const groups = new Map<string, readonly (readonly number[])[]>();
  inputs.forEach((input, index) => {
    const group = groupOf(input);
    if (groups.has(group)) return;
    if (isRenderedPrompt(input)) {
      if (calibration.contentFreePrompts === undefined || calibration.contentFreePrompts.length === 0) {
        throw new ToolkitError('CONFIG_INVALID', `Calibrating rendered prompt ${index} needs content-free prompts: pass calibrate: { contentFreePrompts: [...] } (the same prompt with its content replaced by "N/A"), or classify records instead.`);
      }
      groups.set(group, calibration.contentFreePrompts.map((prompt) => context.tokenizer.encode(prompt)));
      return;
    }
    groups.set(group, contentFreeRecords(input, texts).map((record) => encodePrompt(record, index, context.tokenizer, { ...settings, overflow: 'truncate' }).ids));
  });
  const names = [...groups.keys()];
  const prompts = names.flatMap((name) => groups.get(name)!);
  const logProbs = await context.score(prompts, labelTokenIds, { ...options, onProgress: undefined });
  const result: Record<string, number[]> = {};
  let offset = 0;
  for (const name of names) {
    const count = groups.get(name)!.length;
    result[name] = meanProbabilities(logProbs.slice(offset, offset + count).map((values) => labelProbabilities(values).probabilities));
    offset += count;
  }
  return result;
}
