import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ToolkitError } from '@causal-tune/core';
import busboy from 'busboy';
import type { Request } from 'express';

/** A multipart job request: its text fields and the uploaded file, on disk until `remove`. */
export interface JobUpload {
  readonly fields: Record<string, string>;
  /** The file's name as the client sent it (without directories), for messages and the status. */
  readonly fileName: string;
  /** Where it was written: a fresh directory under the system's temporary directory. */
  readonly path: string;
  remove(): Promise<void>;
}

const KNOWN_EXTENSIONS = new Set(['.csv', '.json', '.jsonl']);

/** The client's file name, reduced to a plain name (no directories, no control characters). */
function plainName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  return cleaned === '' ? 'upload' : cleaned;
}

/**
 * Reads a `multipart/form-data` job request with busboy: text fields, and one file part named
 * `file` streamed to a temporary file of at most `maxFileSizeBytes`. The temporary name keeps
 * only the extension (.csv, .json, .jsonl) the data readers need; nothing of the client's name
 * reaches the file system. Refusals: API_PAYLOAD_TOO_LARGE past the limit, USAGE_INVALID for a
 * malformed body, a second file or too many fields, CONFIG_INVALID without a `file` part.
 */
export async function readJobUpload(request: Request, maxFileSizeBytes: number): Promise<JobUpload> {
  const directory = join(tmpdir(), `ctune-upload-${randomUUID()}`);
  const remove = () => rm(directory, { recursive: true, force: true });
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxFileSizeBytes, fields: 20, fieldSize: 10_000, parts: 25, headerPairs: 50 } });
  } catch (cause) {
    throw new ToolkitError('USAGE_INVALID', 'The multipart/form-data body could not be read: its Content-Type needs a boundary.', { cause });
  }
  await mkdir(directory, { recursive: true });
  const fields: Record<string, string> = {};
  let file: { fileName: string; path: string; written: Promise<void>; truncated: () => boolean } | undefined;
  let refusal: ToolkitError | undefined;
  const refuse = (error: ToolkitError) => {
    refusal ??= error;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('field', (name, value, info) => {
        if (info.nameTruncated || info.valueTruncated) refuse(new ToolkitError('USAGE_INVALID', `The form field '${name.slice(0, 50)}' is too long (at most 10,000 characters).`));
        else fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'file' || file !== undefined) {
          refuse(new ToolkitError('USAGE_INVALID', `A job takes one file, in the form field 'file'; got a file in '${name.slice(0, 50)}'.`));
          stream.resume();
          return;
        }
        const fileName = plainName(info.filename);
        const extension = extname(fileName).toLowerCase();
        const path = join(directory, `upload${KNOWN_EXTENSIONS.has(extension) ? extension : extension.replace(/[^.a-z0-9]/g, '').slice(0, 10)}`);
        let truncated = false;
        stream.on('limit', () => (truncated = true));
        file = { fileName, path, written: pipeline(stream, createWriteStream(path)), truncated: () => truncated };
        file.written.catch(() => undefined);
      });
      parser.on('filesLimit', () => refuse(new ToolkitError('USAGE_INVALID', "A job takes one file, in the form field 'file'.")));
      parser.on('fieldsLimit', () => refuse(new ToolkitError('USAGE_INVALID', 'The form has too many fields (at most 20).')));
      parser.on('partsLimit', () => refuse(new ToolkitError('USAGE_INVALID', 'The form has too many parts (at most 25).')));
      parser.on('error', (cause: unknown) => reject(new ToolkitError('USAGE_INVALID', `The multipart/form-data body could not be read: ${(cause as Error)?.message ?? 'malformed'}.`, { cause })));
      parser.on('close', () => resolve());
      request.on('aborted', () => reject(new ToolkitError('USAGE_INVALID', 'The request was aborted before its body arrived.')));
      request.pipe(parser);
    });
    const uploaded = file as { fileName: string; path: string; written: Promise<void>; truncated: () => boolean } | undefined;
    if (uploaded) await uploaded.written;
    if (refusal) throw refusal;
    if (!uploaded) throw new ToolkitError('CONFIG_INVALID', "The job request has no file: send the data file in the form field 'file' (curl -F file=@test.csv).", { details: { issues: [{ path: 'file', message: 'Required' }] } });
    if (uploaded.truncated()) throw new ToolkitError('API_PAYLOAD_TOO_LARGE', `The data file is larger than this server's limit of ${maxFileSizeBytes} bytes (CTUNE_JOBS_MAX_FILE_SIZE). Split it into several jobs.`, { details: { limitBytes: maxFileSizeBytes } });
    return { fields, fileName: uploaded.fileName, path: uploaded.path, remove };
  } catch (error) {
    request.unpipe(parser);
    request.resume();
    await remove();
    throw error;
  }
}
