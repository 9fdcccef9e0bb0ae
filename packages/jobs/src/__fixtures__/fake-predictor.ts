import { ToolkitError } from '@causal-tune/core';
import type { CourtRecord } from '@causal-tune/data-prep';
import type { Classification, ClassifyOptions, ClassifyResult, Predictor } from '@causal-tune/inference';
import type { PredictorProvider } from '../predictor-provider.js';

/** One classify call the fake saw. */
export interface FakeCall {
  readonly model: string;
  readonly ids: readonly string[];
  readonly startedAt: number;
  endedAt?: number;
  aborted?: boolean;
}

/** Options of {@link fakePredictors}. */
export interface FakePredictorOptions {
  /** Milliseconds per row (checked against the signal between rows). */
  readonly msPerRow?: number;
  /** Throw instead of classifying: called with the first record's id and the call number for that id. */
  readonly failWhen?: (firstId: string, attempt: number) => boolean;
}

// p(first party wins) from the id, so that the expected file is known: odd digits sum → 0.8.
export function fakeProbability(id: string): number {
  const digits = [...id].filter((character) => /\d/.test(character)).reduce((sum, digit) => sum + Number(digit), 0);
  return digits % 2 === 1 ? 0.8 : 0.3;
}

/**
 * A predictor provider whose predictors answer court records from their ids, at a set pace,
 * honouring the abort signal between rows, and recording every call: fast enough for unit tests
 * of the job code, which needs no model.
 */
export function fakePredictors(options: FakePredictorOptions = {}): PredictorProvider & { readonly calls: FakeCall[]; readonly loads: string[] } {
  const calls: FakeCall[] = [];
  const loads: string[] = [];
  const attempts = new Map<string, number>();
  const predictorOf = (model: string): Predictor =>
    ({
      verbalizer: { entries: [] },
      release: async () => undefined,
      classify: async (records: readonly CourtRecord[], classify: ClassifyOptions = {}): Promise<ClassifyResult> => {
        const ids = records.map((record) => record.id);
        const call: FakeCall = { model, ids, startedAt: Date.now() };
        calls.push(call);
        const attempt = (attempts.get(ids[0]!) ?? 0) + 1;
        attempts.set(ids[0]!, attempt);
        try {
          if (options.failWhen?.(ids[0]!, attempt)) throw new ToolkitError('RUNTIME_SESSION_FAILED', `fake failure of ${ids[0]} (attempt ${attempt})`);
          const items: Classification[] = [];
          for (const [index, record] of records.entries()) {
            if (options.msPerRow) await new Promise((resolve) => setTimeout(resolve, options.msPerRow));
            if (classify.signal?.aborted) throw new ToolkitError('ABORTED', 'aborted');
            classify.onProgress?.({ type: 'task-progress', task: 'classify', completed: index + 1, total: records.length });
            const probability = fakeProbability(record.id);
            const winner = probability >= (classify.threshold ?? 0.5) ? 1 : 0;
            items.push({ index, id: record.id, label: winner, word: winner === 1 ? 'yes' : 'no', probabilities: { '1': probability, '0': 1 - probability }, labelMass: 1, promptTokens: 10, prompt: `Does ${record.firstParty} win?`, truncatedCharacters: 0, court: { askedAbout: 'first_party', party: record.firstParty, firstPartyWinner: winner, firstPartyWinProbability: probability } });
          }
          return { labels: [], items, truncatedPrompts: 0, pairs: 0, durationMs: 1 };
        } catch (error) {
          call.aborted = classify.signal?.aborted === true;
          throw error;
        } finally {
          call.endedAt = Date.now();
        }
      },
    }) as unknown as Predictor;
  const predictors = new Map<string, Predictor>();
  return {
    calls,
    loads,
    async acquire(model: string) {
      let predictor = predictors.get(model);
      if (!predictor) {
        loads.push(model);
        predictor = predictorOf(model);
        predictors.set(model, predictor);
      }
      return { predictor, release: () => undefined };
    },
  };
}

/** `count` court records with ids TEST_0000, TEST_0001, ... */
export function courtRecords(count: number): CourtRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `TEST_${String(index).padStart(4, '0')}`;
    return { row: index + 1, id, firstParty: `Alice ${index}`, secondParty: `Bob ${index}`, facts: `Alice ${index} sued Bob ${index} over a contract.` };
  });
}

/** The submission CSV the fake's answers give for `records`. */
export function expectedCsv(records: readonly CourtRecord[], threshold = 0.5): string {
  return `ID,first_party_winner\n${records.map((record) => `${record.id},${fakeProbability(record.id) >= threshold ? 1 : 0}\n`).join('')}`;
}

/** Waits until `condition` holds, polling every 10 ms, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
