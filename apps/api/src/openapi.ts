import { z } from 'zod';
import { generateRequestSchema, jobFormSchema, jobRequestSchema, predictRequestSchema } from './request-schemas.js';
import { jobAcceptedSchema, jobStatusSchema } from './response-schemas.js';

const errorSchema = { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } }, required: ['code', 'message', 'details'] } }, required: ['error'] };
const errorResponse = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = Object.fromEntries(['400', '401', '404', '408', '413', '415', '417', '429', '431', '500', '503'].map((status) => [status, errorResponse]));
const jobErrors = { ...errors, 409: errorResponse };
const idParameter = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

/** The OpenAPI 3.1 document, generated from the zod schemas that validate the requests. */
export function openApiDocument(): Record<string, unknown> {
  const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12' });
  const body = (name: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
  const jsonOf = (name: string, description: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
  // The form's text fields as their JSON request counterparts, and the file part.
  const jobForm = { type: 'object', properties: { ...Object.fromEntries(Object.keys(jobFormSchema.shape).map((key) => [key, { type: 'string', description: 'As in JobRequest, as text.' }])), file: { type: 'string', format: 'binary', description: 'The data file: a court CSV or Alpaca-style JSON/JSONL.' } }, required: ['model', 'file'] };
  return {
    openapi: '3.1.0',
    info: { title: 'causal-tune prediction API', version: '0.1.0' },
    paths: {
      '/v1/predict': { post: { summary: 'Classify court records or prompts with a served run or model', requestBody: body('PredictRequest'), responses: { 200: { description: 'Labels and label-word probabilities per item' }, ...errors } } },
      '/v1/generate': { post: { summary: 'Generate a response (server-sent events with stream: true)', requestBody: body('GenerateRequest'), responses: { 200: { description: 'The generation' }, ...errors } } },
      '/v1/jobs': {
        post: {
          summary: 'Submit a bulk prediction job: an uploaded file (multipart: model, file) or a file under the data directory (JSON: model, data)',
          requestBody: { required: true, content: { 'multipart/form-data': { schema: { $ref: '#/components/schemas/JobForm' } }, 'application/json': { schema: { $ref: '#/components/schemas/JobRequest' } } } },
          responses: { 202: jsonOf('JobAccepted', 'Queued; Location names the job'), ...jobErrors },
        },
      },
      '/v1/jobs/{id}': {
        get: { summary: "A job's state, rows done and total, rows per second, ETA and errors per chunk", parameters: idParameter, responses: { 200: jsonOf('JobStatus', 'The status'), ...jobErrors } },
        delete: { summary: 'Cancel a queued or running job (409 once it finished)', parameters: idParameter, responses: { 200: jsonOf('JobStatus', 'The status, cancelled'), ...jobErrors } },
      },
      '/v1/jobs/{id}/results': {
        get: {
          summary: 'The results of a completed job in input order: the submission CSV (ID,first_party_winner), or JSON lines with the label-word probabilities',
          parameters: [...idParameter, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['csv', 'jsonl'], default: 'csv' } }],
          responses: { 200: { description: 'text/csv or application/x-ndjson', content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } } }, ...jobErrors },
        },
      },
      '/v1/jobs/{id}/events': {
        get: { summary: "Server-sent events: 'progress' with the status whenever it changes, then 'done' with the final status ('error' if the status cannot be read)", parameters: idParameter, responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...jobErrors } },
      },
      '/v1/models': { get: { summary: 'The served runs and models', responses: { 200: { description: 'Models' } } } },
      '/healthz': { get: { summary: 'The process is alive', responses: { 200: { description: 'ok' } } } },
      '/readyz': { get: { summary: 'The models directory is readable; the names of the served models', responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text/plain exposition' } } } },
    },
    components: {
      schemas: {
        PredictRequest: json(predictRequestSchema),
        GenerateRequest: json(generateRequestSchema),
        JobRequest: json(jobRequestSchema),
        JobForm: jobForm,
        JobAccepted: json(jobAcceptedSchema),
        JobStatus: json(jobStatusSchema),
        Error: errorSchema,
      },
    },
  };
}
