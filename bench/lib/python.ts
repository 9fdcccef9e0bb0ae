import { spawnSync } from 'node:child_process';

/**
 * Runs a PyTorch reference script with Debian's python3 (python3-torch) and parses the JSON it
 * prints last. Returns undefined, with the reason, when PyTorch is not installed: the
 * benchmark then reports causal-tune alone.
 */
export function runPython(script: string, args: readonly string[]): { result?: Record<string, unknown>; skipped?: string } {
  const python = process.env.CTUNE_BENCH_PYTHON ?? '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `PyTorch is not importable by ${python} (apt-get install python3-torch libopenblas0-pthread)` };
  const run = spawnSync(python, [script, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, OMP_NUM_THREADS: '2' } });
  if (run.status !== 0) return { skipped: `the PyTorch reference failed: ${run.stderr.trim().split('\n').at(-1)}` };
  const last = run.stdout.trim().split('\n').at(-1)!;
  return { result: JSON.parse(last) as Record<string, unknown> };
}
