// Fuzzed HTTP requests: valid ones generated from the request schemas, then mutated at every
// layer a careless or hostile client reaches: values, JSON text, bytes, encodings, headers,
// methods and paths.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { z } from 'zod';
import { generateRequestSchema, jobRequestSchema, predictRequestSchema } from '../../src/request-schemas.js';
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

/** Data file names the fuzzer sends in JSON job requests; most are refused on purpose. */
export const FUZZ_DATA_NAMES = ['court/test.csv', 'court/bad.csv', 'escape.csv', 'etc-link/passwd', '../secret.csv', '/etc/passwd', 'court/../../secret.csv', 'missing.csv', 'court', '%2e%2e/x', ''];

/** The served models the fuzzer names, some refused on purpose (links out of the directory). */
export const FUZZ_MODELS = ['stories', 'court-lora', 'linked-config', 'escape', 'nope', '../stories', '..', '/etc', 'stories/../court-lora', '%2e%2e', 'STORIES', ''];

const options: ArbitraryOptions = {
  maxStringLength: 160,
  maxItems: 3,
  overrides: {
    model: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('stories', 'court-lora') }, { weight: 1, arbitrary: fc.constantFrom(...FUZZ_MODELS) }),
    max_new_tokens: fc.integer({ min: 1, max: 6 }),
    data: fc.oneof({ weight: 4, arbitrary: fc.constant('court/test.csv') }, { weight: 3, arbitrary: fc.constantFrom(...FUZZ_DATA_NAMES) }),
    chunk_size: fc.integer({ min: 1, max: 4 }),
    batch_size: fc.integer({ min: 1, max: 4 }),
  },
};
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12' }) as JsonSchema;
const ROUTES = [
  { path: '/v1/predict', body: arbitraryOf(jsonSchema(predictRequestSchema), options) },
  { path: '/v1/generate', body: arbitraryOf(jsonSchema(generateRequestSchema), options) },
  { path: '/v1/jobs', body: arbitraryOf(jsonSchema(jobRequestSchema), options) },
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

/** The fuzzed requests, for an API served with key `apiKey`; `jobIds` are jobs that exist. */
export function fuzzRequests(apiKey: string, jobIds: readonly string[] = []): fc.Arbitrary<FuzzRequest> {
  return fc.oneof({ weight: 7, arbitrary: jsonRequests(apiKey) }, { weight: 2, arbitrary: multipartRequests(apiKey) }, { weight: 2, arbitrary: jobRequests(apiKey, jobIds) });
}

const COURT_HEADER = 'ID,first_party,second_party,facts\n';
/** Data files of multipart requests: valid court files and broken ones. */
const UPLOADS: readonly { readonly name: string; readonly content: Buffer }[] = [
  { name: 'test.csv', content: Buffer.from(`${COURT_HEADER}T1,Ann Lee,Bob Stone,"Ann Lee sued Bob Stone, a neighbour."\nT2,Bob Stone,Ann Lee,"Ann Lee sued Bob Stone, a neighbour."\n`) },
  { name: 'prompts.jsonl', content: Buffer.from('{"instruction":"Is this positive?","input":"I love it."}\n') },
  { name: 'bad.csv', content: Buffer.from('ID,first_party\nT1,a\n') },
  { name: 'empty.csv', content: Buffer.from(COURT_HEADER) },
  { name: 'quote.csv', content: Buffer.from(`${COURT_HEADER}T1,a,b,"never closed\n`) },
  { name: 'dup.csv', content: Buffer.from(`${COURT_HEADER}T1,a,b,c\nT1,a,b,c\n`) },
  { name: 'binary.csv', content: Buffer.from([0x49, 0x44, 0x2c, 0xff, 0xfe, 0x00, 0x0a]) },
  { name: '../../etc/passwd', content: Buffer.from(`${COURT_HEADER}T1,a,b,c\n`) },
  { name: 'data.xlsx', content: Buffer.from('PK\u0003\u0004') },
  { name: 'big.csv', content: Buffer.from(`${COURT_HEADER}${'T,a,b,c\n'.repeat(40_000)}`) },
];
const MULTIPART_MUTATIONS = ['valid', 'no-file', 'two-files', 'unknown-field', 'bad-number', 'no-model', 'no-boundary', 'truncated', 'garbage', 'wrong-field-name'] as const;

/** multipart/form-data job submissions, valid and broken. */
function multipartRequests(apiKey: string): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(fc.constantFrom(...UPLOADS), mutationOf(MULTIPART_MUTATIONS, 4), fc.constantFrom('stories', 'court-lora', 'nope', '../stories'), fc.nat()).map(([upload, mutation, model, pick]) => {
    const boundary = `----fuzz${pick % 100000}`;
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const filePart = (name: string, fileName: string, content: Buffer) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from('\r\n')]);
    const parts: Buffer[] = [];
    if (mutation !== 'no-model') parts.push(Buffer.from(field('model', model)));
    parts.push(Buffer.from(field('chunk_size', mutation === 'bad-number' ? ['-1', 'x', '1e3', '99999999999'][pick % 4]! : '2')));
    if (mutation === 'unknown-field') parts.push(Buffer.from(field('colour', 'red')));
    if (mutation !== 'no-file') parts.push(filePart(mutation === 'wrong-field-name' ? 'data' : 'file', upload.name, upload.content));
    if (mutation === 'two-files') parts.push(filePart('file', 'again.csv', upload.content));
    let body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
    if (mutation === 'truncated') body = body.subarray(0, pick % Math.max(1, body.length));
    if (mutation === 'garbage') body = Buffer.from(`not multipart at all ${pick}`);
    const contentType = mutation === 'no-boundary' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`;
    return { method: 'POST', path: '/v1/jobs', headers: { 'content-type': contentType, 'x-api-key': apiKey }, body, mutation: `multipart:${mutation}` };
  });
}

/** The routes of one job: status, results, events and cancel, for known, unknown and odd ids. */
function jobRequests(apiKey: string, jobIds: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const ids = fc.oneof(
    { weight: jobIds.length > 0 ? 3 : 0, arbitrary: jobIds.length > 0 ? fc.constantFrom(...jobIds) : fc.constant('none') },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom('..', '%2e%2e', '..%2f..%2fetc%2fpasswd', 'x'.repeat(120), '%00', 'job:1', '*', '%ff') },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((text) => encodeURIComponent(text)) },
  );
  const suffixes = ['', '/results', '/results?format=jsonl', '/results?format=xml', '/results?format=csv&x=1', '/results?format[]=csv', '/events', '/nope'];
  return fc.tuple(ids, fc.constantFrom(...suffixes), fc.constantFrom('GET', 'GET', 'DELETE', 'HEAD', 'PUT'), fc.boolean()).map(([id, suffix, method, withKey]) => ({
    method,
    path: `/v1/jobs/${id}${suffix}`,
    headers: withKey ? { 'x-api-key': apiKey } : {},
    mutation: `job:${method}${suffix.split('?')[0] || '/'}`,
  }));
}

function jsonRequests(apiKey: string): fc.Arbitrary<FuzzRequest> {
  const route = fc.constantFrom(0, 1, 2).chain((index) => fc.tuple(fc.constant(ROUTES[index]!.path), ROUTES[index]!.body as fc.Arbitrary<Record<string, unknown>>));
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
