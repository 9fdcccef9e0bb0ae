import { accuracy, confusionMatrix, classScores, expectedCalibrationError, macroF1, rocAuc, ToolkitError, type CalibrationBin, type ClassScores, type ConfusionMatrix, type MetricLabel } from '@causal-tune/core';
import type { Verbalizer, VerbalizerLabel } from '@causal-tune/prompts';
import type { ClassifyInput } from '../classify/encode-prompts.js';
import type { ClassifyResult } from '../classify/classify.js';

/** The metrics of a labelled evaluation. */
export interface ClassificationMetrics {
  readonly examples: number;
  readonly accuracy: number;
  readonly macroF1: number;
  /** Binary tasks only (court: p(first party wins)); null when undefined (one class, or more than two labels). */
  readonly rocAuc: number | null;
  /** Expected calibration error over 10 bins of the predicted label's probability. */
  readonly expectedCalibrationError: number;
  readonly confusionMatrix: ConfusionMatrix;
  readonly classes: readonly ClassScores[];
  readonly calibrationBins: readonly CalibrationBin[];
  /**
   * Court records only: the same scores on the question asked ("does the party asked about
   * win?", label 1 = yes), with p(yes) for ROC-AUC, as the trainer's evaluation (eval.json)
   * reports them. Accuracy is the same; macro-F1 and ROC-AUC differ where the second party is asked about.
   */
  readonly byQuestion?: { readonly accuracy: number; readonly macroF1: number; readonly rocAuc: number | null };
}

/**
 * Scores classifications against the records' labels. Court records are scored on the
 * competition's label, first_party_winner (0/1), with p(first party wins) for ROC-AUC; Alpaca
 * records on the verbalizer label of their `output` word. Metric functions are core's.
 *
 * @throws ToolkitError `DATA_RECORD_INVALID` listing records without a usable label.
 */
export function classificationMetrics(inputs: readonly ClassifyInput[], result: ClassifyResult, verbalizer: Verbalizer): ClassificationMetrics {
  const actual: MetricLabel[] = [];
  const predicted: MetricLabel[] = [];
  const scores: number[] = [];
  const confidences: number[] = [];
  const problems: { index: number; message: string }[] = [];
  const questionActual: number[] = [];
  const questionPredicted: MetricLabel[] = [];
  const questionScores: number[] = [];
  const binary = verbalizer.entries.length === 2;
  const positive: VerbalizerLabel = verbalizer.entries.some((entry) => entry.label === 1) ? 1 : verbalizer.entries[0]!.label;
  inputs.forEach((input, index) => {
    const item = result.items[index]!;
    if (typeof input === 'string' || 'tokenIds' in input) {
      problems.push({ index, message: `input ${index} is a rendered prompt, which has no label` });
      return;
    }
    if ('facts' in input) {
      if (input.firstPartyWinner === undefined || item.court === undefined) {
        problems.push({ index, message: `record ${input.id} (row ${input.row}) has no first_party_winner` });
        return;
      }
      const probability = item.court.firstPartyWinProbability;
      actual.push(input.firstPartyWinner);
      predicted.push(item.court.firstPartyWinner);
      scores.push(probability);
      confidences.push(item.court.firstPartyWinner === 1 ? probability : 1 - probability);
      const partyWon = item.court.askedAbout === 'second_party' ? input.firstPartyWinner === 0 : input.firstPartyWinner === 1;
      questionActual.push(partyWon ? 1 : 0);
      questionPredicted.push(item.label);
      questionScores.push(item.probabilities['1'] ?? Number.NaN);
      return;
    }
    const label = input.output === undefined ? undefined : verbalizer.labelFor(input.output);
    if (label === undefined) {
      problems.push({ index, message: `record at row ${input.row} has output ${JSON.stringify(input.output)}, which is no verbalizer word (${verbalizer.entries.map((entry) => JSON.stringify(entry.word)).join(', ')})` });
      return;
    }
    actual.push(label);
    predicted.push(item.label);
    scores.push(item.probabilities[String(positive)] ?? Number.NaN);
    confidences.push(item.probabilities[String(item.label)]!);
  });
  if (problems.length > 0) {
    throw new ToolkitError('DATA_RECORD_INVALID', `Evaluation needs a label for every example, but ${problems.length} have none: ${problems.slice(0, 5).map((problem) => problem.message).join('; ')}${problems.length > 5 ? '; …' : ''}.`, {
      details: { issues: problems },
    });
  }
  const court = inputs.some((input) => typeof input !== 'string' && 'facts' in input);
  const labels: MetricLabel[] = court ? [0, 1] : verbalizer.entries.map((entry) => entry.label);
  const auc = binary ? rocAuc(actual.map((label) => (label === (court ? 1 : positive) ? 1 : 0)), scores) : Number.NaN;
  const calibration = expectedCalibrationError(confidences, actual.map((label, index) => label === predicted[index]));
  return {
    examples: actual.length,
    accuracy: accuracy(actual, predicted),
    macroF1: macroF1(actual, predicted, labels),
    rocAuc: nullIfNaN(auc),
    expectedCalibrationError: calibration.expectedCalibrationError,
    confusionMatrix: confusionMatrix(actual, predicted, labels),
    classes: classScores(actual, predicted, labels),
    calibrationBins: calibration.bins,
    ...(court
      ? {
          byQuestion: {
            accuracy: accuracy(questionActual, questionPredicted),
            macroF1: macroF1(questionActual, questionPredicted, [0, 1]),
            rocAuc: nullIfNaN(rocAuc(questionActual, questionScores)),
          },
        }
      : {}),
  };
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
