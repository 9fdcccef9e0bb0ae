// Test support: a compiled forward pass (optionally with a PEFT adapter and a key/value cache)
// and a runner that feeds plain arrays. Not part of the package's API.
import { GraphBuilder, compile, createSession, type GraphSession, type HostTensor, type Value } from '@causal-tune/graph';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { buildForward } from '../forward/build-forward.js';
import type { KeyValue } from '../forward/forward-types.js';
import { buildLmHead } from '../forward/lm-head.js';
import { createWeightSource } from '../forward/weight-sources.js';
import { applyPeft, type ApplyPeftResult, type PeftSpec } from '../methods/apply-peft.js';
import { adapterWeights } from '../methods/adapter-weights.js';
import type { FrozenWeights } from '../weights/frozen-tensor.js';

/** A session over a forward graph, and how to feed it. */
export interface ForwardSession {
  readonly session: GraphSession;
  readonly peft?: ApplyPeftResult;
  readonly layers: number;
  /** Runs the graph; returns the logits [batch, queries, vocab] and the cache when built with one. */
  run(inputs: ForwardFeeds): Promise<{ logits: HostTensor; present: HostTensor[] }>;
  release(): Promise<void>;
}

/** Plain-array inputs of one run. */
export interface ForwardFeeds {
  readonly inputIds: readonly (readonly number[])[];
  readonly attentionMask: readonly (readonly number[])[];
  readonly positionIds: readonly (readonly number[])[];
  /** Per layer key then value, as returned by an earlier run. */
  readonly past?: readonly HostTensor[];
  /** Trainable tensors (an adapter built with `tensors: 'trainable'`), and LoRA dropout masks. */
  readonly extra?: Readonly<Record<string, HostTensor>>;
}

function int64(rows: readonly (readonly number[])[]): HostTensor {
  return { dtype: 'int64', dims: [rows.length, rows[0]?.length ?? 0], data: BigInt64Array.from(rows.flat(), (value) => BigInt(value)) };
}

/** Feeds for float tensors by name. */
export function tensorFeeds(tensors: ReadonlyMap<string, FloatTensor>): Record<string, HostTensor> {
  return Object.fromEntries([...tensors].map(([name, tensor]) => [name, { dtype: 'float32', dims: [...tensor.shape], data: tensor.data } satisfies HostTensor]));
}

/** Compiles the forward pass of `model` with `spec` and opens a CPU session. */
export async function forwardSession(model: ModelCheckpoint, spec?: PeftSpec, options: { readonly cache?: boolean; readonly frozen?: FrozenWeights } = {}): Promise<ForwardSession> {
  const { config } = model;
  const g = new GraphBuilder({ name: 'forward-test' });
  const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'keys']);
  const positionIds = g.input('position_ids', 'int64', ['batch', 'queries']);
  const layers = config.numHiddenLayers;
  const kvShape = ['batch', config.numKeyValueHeads, 'past', config.headDim] as const;
  let pastKeyValues: KeyValue[] | undefined;
  if (options.cache) {
    pastKeyValues = Array.from({ length: layers }, (_unused, layer) => ({ key: g.input(`past_key_${layer}`, 'float32', [...kvShape]), value: g.input(`past_value_${layer}`, 'float32', [...kvShape]) }));
  }
  const peft = spec === undefined ? undefined : applyPeft(g, config, spec, { inputIds });
  const base = options.frozen ?? model.weights;
  const weights = createWeightSource(g, spec === undefined || spec.tensors === 'trainable' ? base : adapterWeights(base, { config: spec.config, tensors: spec.tensors }, config));
  const forward = buildForward(g, config, weights, { inputIds, attentionMask, positionIds, ...(pastKeyValues ? { pastKeyValues } : {}) }, peft?.hooks ?? {});
  g.output(buildLmHead(g, config, weights, forward.hidden), 'logits');
  const presentNames: string[] = [];
  if (options.cache) {
    forward.presentKeyValues.forEach((present, layer) => {
      const outputs: [Value, string][] = [
        [present.key, `present_key_${layer}`],
        [present.value, `present_value_${layer}`],
      ];
      for (const [value, name] of outputs) presentNames.push(g.output(value, name).name);
    });
  }
  const session = await createSession(compile(g), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  return {
    session,
    layers,
    ...(peft === undefined ? {} : { peft }),
    async run(inputs) {
      const feeds: Record<string, HostTensor> = { input_ids: int64(inputs.inputIds), attention_mask: int64(inputs.attentionMask), position_ids: int64(inputs.positionIds), ...inputs.extra };
      if (options.cache) {
        const batch = inputs.inputIds.length;
        for (let layer = 0; layer < layers; layer += 1) {
          for (const [index, kind] of (['key', 'value'] as const).entries()) {
            feeds[`past_${kind}_${layer}`] = inputs.past?.[2 * layer + index] ?? { dtype: 'float32', dims: [batch, config.numKeyValueHeads, 0, config.headDim], data: new Float32Array(0) };
          }
        }
      }
      const result = await session.run(feeds);
      return { logits: result.logits!, present: presentNames.map((name) => result[name]!) };
    },
    release: () => session.release(),
  };
}

/** The logits row [vocab] of (batch row, query) from a [batch, queries, vocab] result. */
export function logitsRow(logits: HostTensor, batch: number, query: number): Float32Array {
  const [, queries, vocab] = logits.dims as [number, number, number];
  const start = (batch * queries + query) * vocab;
  return (logits.data as Float32Array).subarray(start, start + vocab);
}

/** log Σ exp of a row, in float64. */
export function logSumExp(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let index = 0; index < row.length; index += 1) max = Math.max(max, row[index]!);
  let sum = 0;
  for (let index = 0; index < row.length; index += 1) sum += Math.exp(row[index]! - max);
  return max + Math.log(sum);
}

/** Largest absolute difference of two equally long rows. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let index = 0; index < a.length; index += 1) max = Math.max(max, Math.abs(a[index]! - b[index]!));
  return max;
}
