/** The BullMQ queue of chunks: one queue job per chunk. */
export const CHUNK_QUEUE = 'chunks';
/** The BullMQ queue of final steps: one queue job per prediction job, the parent of its chunks. */
export const ASSEMBLE_QUEUE = 'assemble';
/** The default key prefix of everything causal-tune keeps in Redis. */
export const DEFAULT_REDIS_PREFIX = 'ctune';

/** BullMQ's key prefix under ours: `ctune:bull:chunks:...`. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:bull`;
}

/** The queue job id of chunk `chunk` of a prediction job (BullMQ ids must not contain ':'). */
export function chunkJobId(jobId: string, chunk: number): string {
  return `${jobId}-c${chunk}`;
}

/** The chunk number of a chunk's queue job id, or undefined for another id. */
export function chunkOfJobId(queueJobId: string): { readonly jobId: string; readonly chunk: number } | undefined {
  const match = /^(.+)-c(\d+)$/.exec(queueJobId);
  return match ? { jobId: match[1]!, chunk: Number(match[2]) } : undefined;
}
