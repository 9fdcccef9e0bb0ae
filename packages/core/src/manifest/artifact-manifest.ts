import { z } from 'zod';

/**
 * `manifest.json` of a run or prepared-data directory: what produced it, so that a reader can
 * refuse an artifact made for another model or by an incompatible version.
 */
export const artifactManifestSchema = z.object({
  kind: z.enum(['run', 'prepared-data', 'model', 'report']).describe('What the directory holds.'),
  formatVersion: z.literal(1).describe('Version of this manifest format.'),
  createdAt: z.string().describe('ISO-8601 time the artifact was completed.'),
  producer: z
    .object({ name: z.literal('causal-tune'), version: z.string(), command: z.string().optional() })
    .describe('The program that wrote the artifact.'),
  baseModel: z
    .object({ path: z.string(), architecture: z.string(), sha256: z.string().optional() })
    .optional()
    .describe('The base model a run or adapter belongs to.'),
  files: z.array(z.object({ path: z.string(), sizeBytes: z.number().int().nonnegative() })).default([]).describe('Files of the artifact.'),
});

/** A parsed {@link artifactManifestSchema}. */
export type ArtifactManifest = z.output<typeof artifactManifestSchema>;
