// Fuzzed HTTP requests: valid ones generated from the request schemas, then mutated at every
// layer a careless or hostile client reaches: values, JSON text, bytes, encodings, headers,
// methods and paths.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { z } from 'zod';
import { generateRequestSchema, predictRequestSchema } from '../../src/request-schemas.js';
import { arbitraryOf, type ArbitraryOptions, type JsonSchema } from './json-schema-arbitrary.js';

/** One request to send. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** The mutation, for the counts and for failure messages. */
  readonly mutation: string;
}

/** The served models the fuzzer names, some refused on purpose (links out of the directory). */
export const FUZZ_MODELS = ['stories', 'court-lora', 'linked-config', 'escape', 'nope', '../stories', '..', '/etc', 'stories/../court-lora', '%2e%2e', 'STORIES', ''];

const options: ArbitraryOptions = {
  maxStringLength: 160,
  maxItems: 3,
  overrides: {
    model: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('stories', 'court-lora') }, { weight: 1, arbitrary: fc.constantFrom(...FUZZ_MODELS) }),
    max_new_tokens: fc.integer({ min: 1, max: 6 }),
  },
};
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12' }) as JsonSchema;
const ROUTES = [
  { path: '/v1/predict', body: arbitraryOf(jsonSchema(predictRequestSchema), options) },
  { path: '/v1/generate', body: arbitraryOf(jsonSchema(generateRequestSchema), options) },
] as const;

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, '', '\ud800', 'a\udfffb', 'a\u0000b', [], {}, [[[]]], '/etc/passwd', '../..', 'x'.repeat(60_000)),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const VALUE_MUTATIONS = ['valid', 'drop-key', 'unknown-key', 'weird-value', 'weird-item-value'] as const;
const BYTE_MUTATIONS = ['none', 'truncate', 'flip-byte', 'invalid-utf8', 'not-json', 'gzip', 'gzip-truncated', 'deflate-garbage', 'oversized', 'deep-nesting', 'latin1-charset', 'text-plain', 'no-content-type'] as const;
const ENVELOPE_MUTATIONS = ['none', 'wrong-key', 'no-key', 'get-instead', 'unknown-path', 'traversal-path', 'odd-request-id', 'expect-bogus', 'head'] as const;

/** The first of `names` (no mutation) with weight `unchanged` out of 10, the others sharing the rest. */
function mutationOf<T extends string>(names: readonly T[], unchanged: number): fc.Arbitrary<T> {
  return fc.oneof({ weight: unchanged, arbitrary: fc.constant(names[0]!) }, { weight: 10 - unchanged, arbitrary: fc.constantFrom(...names.slice(1)) });
}

function mutateValue(body: Record<string, unknown>, mutation: (typeof VALUE_MUTATIONS)[number], pick: number, weird: unknown): unknown {
  const keys = Object.keys(body);
  const key = keys[pick % Math.max(1, keys.length)];
  switch (mutation) {
    case 'drop-key': {
      const { [key ?? '']: _dropped, ...rest } = body;
      return rest;
    }
    case 'unknown-key':
      return { ...body, [`unknown_${pick % 7}`]: weird };
    case 'weird-value':
      return key === undefined ? weird : { ...body, [key]: weird };
    case 'weird-item-value': {
      const items = Array.isArray(body.items) ? [...(body.items as Record<string, unknown>[])] : undefined;
      if (!items || items.length === 0) return { ...body, instruction: weird };
      const item = { ...items[0] };
      const itemKeys = Object.keys(item);
      item[itemKeys[pick % itemKeys.length] ?? 'facts'] = weird;
      items[0] = item;
      return { ...body, items };
    }
    default:
      return body;
  }
}

function mutateBytes(json: string, mutation: (typeof BYTE_MUTATIONS)[number], pick: number): { body: Buffer; headers: Record<string, string> } {
  const bytes = Buffer.from(json, 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  switch (mutation) {
    case 'truncate':
      return { body: bytes.subarray(0, pick % Math.max(1, bytes.length)), headers };
    case 'flip-byte': {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[pick % copy.length] = (pick >> 3) & 255;
      return { body: copy, headers };
    }
    case 'invalid-utf8': {
      const at = pick % Math.max(1, bytes.length);
      return { body: Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3]), bytes.subarray(at)]), headers };
    }
    case 'not-json':
      return { body: Buffer.from(['{', 'nul', '[1,2', '"unterminated', '{"a":1}}', 'root:x:0:0', '\u0000'][pick % 7]!), headers };
    case 'gzip':
      return { body: gzipSync(bytes), headers: { ...headers, 'content-encoding': 'gzip' } };
    case 'gzip-truncated': {
      const zipped = gzipSync(bytes);
      return { body: zipped.subarray(0, pick % Math.max(1, zipped.length)), headers: { ...headers, 'content-encoding': 'gzip' } };
    }
    case 'deflate-garbage':
      return { body: bytes, headers: { ...headers, 'content-encoding': ['deflate', 'br', 'compress', 'gzip, identity'][pick % 4]! } };
    case 'oversized':
      return { body: Buffer.from(JSON.stringify({ model: 'stories', items: [{ prompt: 'x'.repeat(150_000) }] })), headers };
    case 'deep-nesting':
      return { body: Buffer.from(`${'['.repeat(5000)}1${']'.repeat(5000)}`), headers };
    case 'latin1-charset':
      return { body: bytes, headers: { 'content-type': 'application/json; charset=latin1' } };
    case 'text-plain':
      return { body: bytes, headers: { 'content-type': 'text/plain' } };
    case 'no-content-type':
      return { body: bytes, headers: {} };
    default:
      return { body: bytes, headers };
  }
}

/** The fuzzed requests, for an API served with key `apiKey`. */
export function fuzzRequests(apiKey: string): fc.Arbitrary<FuzzRequest> {
  const route = fc.constantFrom(0, 1).chain((index) => fc.tuple(fc.constant(ROUTES[index]!.path), ROUTES[index]!.body as fc.Arbitrary<Record<string, unknown>>));
  return fc
    .tuple(route, mutationOf(VALUE_MUTATIONS, 5), mutationOf(BYTE_MUTATIONS, 6), mutationOf(ENVELOPE_MUTATIONS, 6), fc.nat(), weirdValue)
    .map(([[path, valid], valueMutation, byteMutation, envelopeMutation, pick, weird]) => {
      const value = mutateValue(valid, valueMutation, pick, weird);
      const { body, headers } = mutateBytes(JSON.stringify(value), byteMutation, pick);
      const request: { method: string; path: string; headers: Record<string, string>; body?: Buffer } = { method: 'POST', path, headers: { ...headers, 'x-api-key': apiKey }, body };
      switch (envelopeMutation) {
        case 'wrong-key':
          request.headers['x-api-key'] = `${apiKey}-wrong`;
          break;
        case 'no-key':
          delete request.headers['x-api-key'];
          break;
        case 'get-instead':
          request.method = 'GET';
          delete request.body;
          break;
        case 'head':
          request.method = 'HEAD';
          delete request.body;
          break;
        case 'unknown-path':
          request.path = [`${path}/extra`, '/v1/predictions', '/v2/predict', `${path}?model=../../etc`, '/v1/models/stories'][pick % 5]!;
          break;
        case 'traversal-path':
          request.path = ['/v1/%2e%2e/%2e%2e/etc/passwd', '/v1/..%2f..%2fetc/passwd', '/v1/predict/%00', '/%ff%fe', '/v1/%E0%A4%A'][pick % 5]!;
          break;
        case 'odd-request-id':
          request.headers['x-request-id'] = ['a'.repeat(300), '../../etc', 'id with spaces', ''][pick % 4]!;
          break;
        case 'expect-bogus':
          request.headers.expect = ['bogus', '100-continue', '200-ok'][pick % 3]!;
          break;
        default:
          break;
      }
      return { ...request, mutation: [valueMutation, byteMutation, envelopeMutation].filter((name) => name !== 'valid' && name !== 'none').join('+') || 'valid' };
    });
}
