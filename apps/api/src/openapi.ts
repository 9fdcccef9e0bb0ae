import { z } from 'zod';
import { generateRequestSchema, predictRequestSchema } from './request-schemas.js';

const errorSchema = { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } }, required: ['code', 'message', 'details'] } }, required: ['error'] };
const errors = Object.fromEntries(['400', '401', '404', '408', '413', '415', '417', '429', '431', '500', '503'].map((status) => [status, { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

/** The OpenAPI 3.1 document, generated from the zod schemas that validate the requests. */
export function openApiDocument(): Record<string, unknown> {
  const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12' });
  const body = (name: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
  return {
    openapi: '3.1.0',
    info: { title: 'causal-tune prediction API', version: '0.1.0' },
    paths: {
      '/v1/predict': { post: { summary: 'Classify court records or prompts with a served run or model', requestBody: body('PredictRequest'), responses: { 200: { description: 'Labels and label-word probabilities per item' }, ...errors } } },
      '/v1/generate': { post: { summary: 'Generate a response (server-sent events with stream: true)', requestBody: body('GenerateRequest'), responses: { 200: { description: 'The generation' }, ...errors } } },
      '/v1/models': { get: { summary: 'The served runs and models', responses: { 200: { description: 'Models' } } } },
      '/healthz': { get: { summary: 'The process is alive', responses: { 200: { description: 'ok' } } } },
      '/readyz': { get: { summary: 'The models directory is readable; the names of the served models', responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text/plain exposition' } } } },
    },
    components: { schemas: { PredictRequest: json(predictRequestSchema), GenerateRequest: json(generateRequestSchema), Error: errorSchema } },
  };
}
