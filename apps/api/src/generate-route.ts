import { parseWithSchema } from '@causal-tune/core';
import type { GenerateOptions } from '@causal-tune/inference';
import type { RequestHandler } from 'express';
import type { ModelRegistry } from './model-registry.js';
import { generateRequestSchema, type GenerateRequest } from './request-schemas.js';

function generateOptions(body: GenerateRequest, signal: AbortSignal): GenerateOptions {
  const settings: Record<string, unknown> = { preset: body.preset ?? 'greedy', seed: body.seed ?? 0, signal };
  if (body.max_new_tokens !== undefined) settings.maxNewTokens = body.max_new_tokens;
  if (body.temperature !== undefined) settings.temperature = body.temperature;
  if (body.top_p !== undefined) settings.topP = body.top_p;
  if (body.top_k !== undefined) settings.topK = body.top_k;
  if (body.repetition_penalty !== undefined) settings.repetitionPenalty = body.repetition_penalty;
  return settings as GenerateOptions;
}

/**
 * POST /v1/generate: one response as JSON, or with `stream: true` server-sent events — one
 * `token` event per new token, then a `done` event with the whole generation.
 */
export function generateRoute(registry: ModelRegistry): RequestHandler {
  return async (request, response) => {
    const body = parseWithSchema(generateRequestSchema, request.body, 'The generate request');
    const model = await registry.resolve(body.model);
    const predictor = await registry.predictor(model);
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    const input = { instruction: body.instruction, ...(body.input === undefined ? {} : { input: body.input }) };
    const options = generateOptions(body, controller.signal);
    if (!body.stream) {
      const generation = await predictor.generate(input, options);
      response.json({ model: model.name, ...generation });
      return;
    }
    // No Connection header of our own: Node keeps the connection when the client asks for it and
    // closes it after the stream when the client sent Connection: close (or the server drains).
    response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    const stream = predictor.stream(input, options);
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        response.write(`event: done\ndata: ${JSON.stringify({ model: model.name, ...next.value })}\n\n`);
        break;
      }
      response.write(`event: token\ndata: ${JSON.stringify(next.value)}\n\n`);
    }
    response.end();
  };
}
