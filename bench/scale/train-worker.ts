/**
 * One bench/scale training measurement in its own process, so that peak RSS is the setting's own:
 * LoRA steps at 1 x SEQ over MODEL at PRECISION, timed from process start. Prints one JSON line.
 *
 *   tsx scale/train-worker.ts MODEL PRECISION STEPS SEQ CACHE_DIR [checkpointing|-] [METHOD]
 */
import type { WeightPrecision } from '@causal-tune/models';
import { median, openLoraSession, peakRssBytes, type ScaleMethod } from './lora-step.js';

const [modelDir, precision, stepsText, seqText, cacheDir, checkpointing, method = 'lora'] = process.argv.slice(2) as [string, WeightPrecision, string, string, string, string | undefined, ScaleMethod | undefined];
const steps = Number(stepsText);
const seq = Number(seqText);
const lora = await openLoraSession(modelDir, precision, { cacheDir, seq, gradientCheckpointing: checkpointing === 'checkpointing', method });
const loadMs = performance.now(); // since process start: open, freeze, compile, session
const losses: number[] = [];
const durations: number[] = [];
let firstStepAtMs = 0;
for (let step = 0; step < steps; step += 1) {
  const { loss, durationMs } = await lora.step(step);
  losses.push(loss);
  durations.push(durationMs);
  if (step === 0) firstStepAtMs = performance.now();
}
// The first step allocates onnxruntime's buffers; the rest are the steady state.
const steady = median(durations.slice(1));
process.stdout.write(
  `${JSON.stringify({ method, precision, checkpointing: checkpointing === 'checkpointing', seq, steps, prepareMs: lora.prepareMs, loadMs, firstStepAtMs, firstStepMs: durations[0], msPerStep: steady, tokensPerSecond: (seq * 1000) / steady, peakRssBytes: peakRssBytes(), losses })}\n`,
);
