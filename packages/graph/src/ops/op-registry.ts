import { ToolkitError } from '@causal-tune/core';
import type { OpDefinition } from '../builder/op-definition.js';

/** An immutable map from `domain::opType` to its definition. */
export type OpRegistry = ReadonlyMap<string, OpDefinition>;

/** Builds a registry from an explicit list; a duplicate op type is an error. */
export function createOpRegistry(ops: readonly OpDefinition[]): OpRegistry {
  const registry = new Map<string, OpDefinition>();
  for (const op of ops) {
    const key = `${op.domain}::${op.opType}`;
    if (registry.has(key)) throw new ToolkitError('GRAPH_OP_UNKNOWN', `The op ${op.opType} (domain '${op.domain}') is registered twice.`);
    registry.set(key, op);
  }
  return registry;
}
