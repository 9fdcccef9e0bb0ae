import { ToolkitError } from '@causal-tune/core';

/** An adapter that does not fit the base model: `ARTIFACT_INCOMPATIBLE`. */
export function incompatible(message: string, details: Record<string, unknown>): ToolkitError {
  return new ToolkitError('ARTIFACT_INCOMPATIBLE', `${message} Load the adapter with the base model it was trained on.`, { details });
}

/** An adapter field causal-tune cannot compute the way PEFT does: `PEFT_UNSUPPORTED`, naming every field. */
export function unsupportedPeft(peftType: string, problems: readonly { readonly field: string; readonly reason: string }[]): ToolkitError {
  return new ToolkitError(
    'PEFT_UNSUPPORTED',
    `This ${peftType} adapter cannot run on causal-tune as PEFT runs it: ${problems.map(({ field, reason }) => `${field} ${reason}`).join('; ')}.`,
    { details: { peftType, fields: problems.map(({ field }) => field), problems: [...problems] } },
  );
}
