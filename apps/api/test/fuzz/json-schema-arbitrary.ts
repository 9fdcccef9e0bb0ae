// fast-check arbitraries from the JSON Schema that zod writes for the request schemas
// (z.toJSONSchema, the same document /openapi.json serves): the fuzzer generates what the
// schemas describe, so a new field is fuzzed without touching this file.
import fc from 'fast-check';

/** The part of JSON Schema draft 2020-12 that z.toJSONSchema writes for the request schemas. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/** Bounds that keep generated requests cheap to answer, and values to use for some paths. */
export interface ArbitraryOptions {
  readonly maxStringLength: number;
  readonly maxItems: number;
  /** By dotted path (`model`, `items.facts`): an arbitrary that replaces the schema's. */
  readonly overrides?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: Math.max(min, max), unit: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('a', 'e', ' ', '.', 'S', 'v') }, { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }) });

/** An arbitrary of the values `schema` accepts (within `options`' bounds). */
export function arbitraryOf(schema: JsonSchema, options: ArbitraryOptions, path = ''): fc.Arbitrary<unknown> {
  const override = options.overrides?.[path];
  if (override) return override;
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((member) => arbitraryOf(member, options, path)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const record = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryOf(value, options, path ? `${path}.${key}` : key)]));
      return fc.record(record, { requiredKeys: [...(schema.required ?? [])] });
    }
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}, options, path), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? options.maxItems, options.maxItems) });
    case 'string':
      return text(schema.minLength ?? 0, Math.min(schema.maxLength ?? options.maxStringLength, options.maxStringLength));
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1e6, Number.MIN_SAFE_INTEGER), max: Math.min(schema.maximum ?? 1e6, Number.MAX_SAFE_INTEGER) });
    case 'number':
      return fc.double({
        min: schema.exclusiveMinimum ?? schema.minimum ?? -1e6,
        max: schema.exclusiveMaximum ?? schema.maximum ?? 1e6,
        minExcluded: schema.exclusiveMinimum !== undefined,
        maxExcluded: schema.exclusiveMaximum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
