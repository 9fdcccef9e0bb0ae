import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineOp } from '../builder/op-definition.js';
import { addOp } from './add.js';
import { ALL_OPS } from './index.js';
import { createOpRegistry } from './op-registry.js';

const OPS_DIRECTORY = fileURLToPath(new URL('.', import.meta.url));
const FILES = new Set(readdirSync(OPS_DIRECTORY));
/** Files of this folder that are not op definitions. */
const NOT_OPS = new Set(['index.ts', 'op-registry.ts']);

/** `MatMul` → `mat-mul`, `ScatterND` → `scatter-nd`: the op file's name. */
function fileNameOf(opType: string): string {
  return opType.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

describe('the op registry', () => {
  it.each(ALL_OPS.map((op) => [op.opType, op] as const))("%s declares a gradient builder, 'none' or 'unsupported'", (_opType, op) => {
    const { gradient } = op;
    const declared = gradient === 'none' || gradient === 'unsupported' || (typeof gradient === 'object' && typeof gradient.build === 'function');
    expect(declared).toBe(true);
  });

  it.each(ALL_OPS.map((op) => [op.opType, op] as const))('%s has a complete contract (domain, opset, inputs, shape inference)', (_opType, op) => {
    // The default domain up to the builder's opset 21, or onnxruntime's contrib ops.
    expect(['', 'com.microsoft']).toContain(op.domain);
    expect(Number.isInteger(op.sinceOpset) && op.sinceOpset >= 1 && op.sinceOpset <= 21).toBe(true);
    expect(op.inputs.length).toBeGreaterThan(0);
    expect(op.optionalInputs ?? 0).toBeLessThan(op.inputs.length);
    expect(typeof op.inferOutputs).toBe('function');
  });

  it.each(ALL_OPS.map((op) => [op.opType, fileNameOf(op.opType)] as const))('%s lives in %s.ts with a test beside it', (_opType, file) => {
    expect(FILES.has(`${file}.ts`)).toBe(true);
    expect(FILES.has(`${file}.test.ts`)).toBe(true);
  });

  it('lists every op file of the folder in ALL_OPS', () => {
    const listed = new Set(ALL_OPS.map((op) => `${fileNameOf(op.opType)}.ts`));
    const opFiles = [...FILES].filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !NOT_OPS.has(file));
    expect(opFiles.filter((file) => !listed.has(file))).toEqual([]);
  });

  it('builds a map keyed by domain and op type', () => {
    const registry = createOpRegistry(ALL_OPS);
    expect(registry.size).toBe(ALL_OPS.length);
    expect(registry.get('::MatMul')?.opType).toBe('MatMul');
    expect(registry.get('::Softmax')?.gradient).not.toBe('none');
  });

  it('throws GRAPH_OP_UNKNOWN on a duplicate op type, naming it', () => {
    expect(() => createOpRegistry([...ALL_OPS, addOp])).toThrow(expect.objectContaining({ code: 'GRAPH_OP_UNKNOWN', message: expect.stringContaining('Add') }));
    const customAdd = defineOp({ opType: 'Add', domain: 'com.example', sinceOpset: 1, inputs: ['a'], attributes: {}, inferOutputs: ([a]) => [{ dtype: a!.dtype, shape: a!.shape }], gradient: 'none' });
    // The same op type in another domain is a different op.
    expect(createOpRegistry([...ALL_OPS, customAdd]).size).toBe(ALL_OPS.length + 1);
  });
});
