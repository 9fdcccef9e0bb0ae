import type { z } from 'zod';
import type { PeftConfigBase, TuningMethod } from './tuning-method.js';

/**
 * A {@link TuningMethod} that keeps its literal name, artifact and options' types, from which
 * registry.ts derives the run config's `method` schema and the adapter config type.
 */
export function defineTuningMethod<const Name extends string, Shape extends z.ZodRawShape, const Artifact extends 'adapter' | 'model', Config extends PeftConfigBase = PeftConfigBase>(
  method: TuningMethod<z.output<z.ZodObject<Shape>>, Config> & { readonly name: Name; readonly options: z.ZodObject<Shape>; readonly artifact: Artifact },
): TuningMethod<z.output<z.ZodObject<Shape>>, Config> & { readonly name: Name; readonly options: z.ZodObject<Shape>; readonly artifact: Artifact } {
  return method;
}
