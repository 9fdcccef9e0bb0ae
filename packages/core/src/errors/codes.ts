/**
 * Every error code of causal-tune, namespaced by the package that raises it (trpc's
 * `rpc/codes.ts`). A code is part of the public contract: apps map codes to exit codes and
 * HTTP statuses, so add codes, never rename them.
 */
export const ErrorCode = {
  /** A configuration object or file failed validation; `details.issues` lists every problem. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** A command line was malformed: unknown flag, missing argument. */
  USAGE_INVALID: 'USAGE_INVALID',
  /** A data file does not exist or is not a file. */
  DATA_FILE_NOT_FOUND: 'DATA_FILE_NOT_FOUND',
  /** A data file's extension or content is not a format causal-tune reads. */
  DATA_FORMAT_UNKNOWN: 'DATA_FORMAT_UNKNOWN',
  /** A data file is not valid UTF-8; `details.issues` holds the byte offsets and rows. */
  DATA_ENCODING_INVALID: 'DATA_ENCODING_INVALID',
  /** A data file could not be parsed (unterminated quote, bad JSON line). */
  DATA_PARSE_FAILED: 'DATA_PARSE_FAILED',
  /** Columns are missing or unexpected; `details.missing` and `details.extra` name them. */
  DATA_COLUMNS_INVALID: 'DATA_COLUMNS_INVALID',
  /** One or more records failed validation; `details.issues` names row, field and problem. */
  DATA_RECORD_INVALID: 'DATA_RECORD_INVALID',
  /** A data set is empty or too small for the operation (a split with no rows). */
  DATA_EMPTY: 'DATA_EMPTY',
  /** A template placeholder has no value. */
  PROMPT_VARIABLE_MISSING: 'PROMPT_VARIABLE_MISSING',
  /** A template names a placeholder the template does not declare, or a value that is not used. */
  PROMPT_VARIABLE_UNKNOWN: 'PROMPT_VARIABLE_UNKNOWN',
  /** A template or chat template could not be parsed or rendered. */
  PROMPT_TEMPLATE_INVALID: 'PROMPT_TEMPLATE_INVALID',
  /** A prompt's fixed parts (instruction, answer) do not fit the cut-off length. */
  PROMPT_TOO_LONG: 'PROMPT_TOO_LONG',
  /** A verbalizer is unusable: no labels, empty word, two labels with the same word. */
  VERBALIZER_INVALID: 'VERBALIZER_INVALID',
  /** Shapes of an op's inputs are incompatible; details name op, input and both shapes. */
  GRAPH_SHAPE_MISMATCH: 'GRAPH_SHAPE_MISMATCH',
  /** Element types of an op's inputs are incompatible or unsupported. */
  GRAPH_DTYPE_MISMATCH: 'GRAPH_DTYPE_MISMATCH',
  /** A gradient was requested through an op that must never be differentiated. */
  GRAPH_NO_GRADIENT: 'GRAPH_NO_GRADIENT',
  /** An op type is not registered, or registered twice. */
  GRAPH_OP_UNKNOWN: 'GRAPH_OP_UNKNOWN',
  /** A graph is malformed: unknown value, cycle, output never produced. */
  GRAPH_INVALID: 'GRAPH_INVALID',
  /** The requested execution provider (webgpu, cuda) cannot be used on this machine. */
  RUNTIME_PROVIDER_UNAVAILABLE: 'RUNTIME_PROVIDER_UNAVAILABLE',
  /** onnxruntime failed to create a session or run it; the cause is attached. */
  RUNTIME_SESSION_FAILED: 'RUNTIME_SESSION_FAILED',
  /** Feeds given to a session do not match its inputs. */
  RUNTIME_FEED_INVALID: 'RUNTIME_FEED_INVALID',
  /** A model directory has no file that is needed (config.json, weights, tokenizer). */
  MODEL_FILE_NOT_FOUND: 'MODEL_FILE_NOT_FOUND',
  /** config.json names an architecture causal-tune does not build. */
  MODEL_ARCHITECTURE_UNSUPPORTED: 'MODEL_ARCHITECTURE_UNSUPPORTED',
  /** config.json has a field (or a value of one) that the family's forward pass cannot honour; `details.fields` names each. */
  MODEL_CONFIG_UNSUPPORTED: 'MODEL_CONFIG_UNSUPPORTED',
  /** A checkpoint lacks a tensor the architecture needs. */
  MODEL_TENSOR_MISSING: 'MODEL_TENSOR_MISSING',
  /** A checkpoint tensor's shape differs from what the config implies. */
  MODEL_TENSOR_SHAPE_MISMATCH: 'MODEL_TENSOR_SHAPE_MISMATCH',
  /** A tensor's dtype is not one causal-tune reads (F32, F16, BF16; I32/I64 outside weights). */
  MODEL_DTYPE_UNSUPPORTED: 'MODEL_DTYPE_UNSUPPORTED',
  /** A weights file breaks its format (a safetensors header, offsets, a truncated file); details name the file and tensor. */
  MODEL_FILE_CORRUPT: 'MODEL_FILE_CORRUPT',
  /** A weights file exists but the system refused to read it (permissions, I/O error); the cause is attached. */
  MODEL_FILE_UNREADABLE: 'MODEL_FILE_UNREADABLE',
  /** A weight precision (`--dtype`) cannot be used for this model or method; details say why. */
  MODEL_PRECISION_UNSUPPORTED: 'MODEL_PRECISION_UNSUPPORTED',
  /** A tokenizer could not be loaded from a local directory. */
  TOKENIZER_LOAD_FAILED: 'TOKENIZER_LOAD_FAILED',
  /** A PEFT configuration is invalid (rank, virtual tokens, unknown method). */
  PEFT_CONFIG_INVALID: 'PEFT_CONFIG_INVALID',
  /** A LoRA target pattern matches no module of the model. */
  PEFT_TARGET_NOT_FOUND: 'PEFT_TARGET_NOT_FOUND',
  /** A PEFT adapter (or a method option) asks for something causal-tune cannot compute the way PEFT does; `details` names the field. */
  PEFT_UNSUPPORTED: 'PEFT_UNSUPPORTED',
  /** A run directory already holds a run, and the command would overwrite or append to it; pass --resume or --overwrite. */
  ARTIFACT_EXISTS: 'ARTIFACT_EXISTS',
  /** An artifact (adapter, checkpoint, run) was made for another model or version. */
  ARTIFACT_INCOMPATIBLE: 'ARTIFACT_INCOMPATIBLE',
  /** A run directory, adapter or checkpoint does not exist. */
  ARTIFACT_NOT_FOUND: 'ARTIFACT_NOT_FOUND',
  /** Writing an artifact failed; nothing partial was left behind. */
  ARTIFACT_WRITE_FAILED: 'ARTIFACT_WRITE_FAILED',
  /** The training method is not one causal-tune knows. */
  TRAIN_METHOD_UNKNOWN: 'TRAIN_METHOD_UNKNOWN',
  /** The loss became NaN or infinite; details name the step and the batch. */
  TRAIN_NAN_LOSS: 'TRAIN_NAN_LOSS',
  /** The run would need more memory than this machine has; details give the estimate and what would fit. */
  TRAIN_MEMORY_INSUFFICIENT: 'TRAIN_MEMORY_INSUFFICIENT',
  /** Work was stopped by an AbortSignal (Ctrl-C); a checkpoint was written first. */
  ABORTED: 'ABORTED',
  /** A prompt is longer than the model's context and truncation was not allowed. */
  INFER_SEQUENCE_TOO_LONG: 'INFER_SEQUENCE_TOO_LONG',
  /** The API was called without the API key it requires. */
  API_UNAUTHORIZED: 'API_UNAUTHORIZED',
  /** The API route or the named model does not exist. */
  API_NOT_FOUND: 'API_NOT_FOUND',
  /** A request body is larger than the configured limit. */
  API_PAYLOAD_TOO_LARGE: 'API_PAYLOAD_TOO_LARGE',
  /** A client sent too many requests in the rate-limit window. */
  API_RATE_LIMITED: 'API_RATE_LIMITED',
  /** The prediction queue is full; retry later. */
  API_QUEUE_FULL: 'API_QUEUE_FULL',
  /** A served model could not be loaded (missing, invalid or out-of-directory files); the server log has the reason. */
  API_MODEL_UNAVAILABLE: 'API_MODEL_UNAVAILABLE',
  /** The server could not listen on its address (port in use, address not available, no permission). */
  API_LISTEN_FAILED: 'API_LISTEN_FAILED',
  /** The server is shutting down and takes no new requests; retry on another replica or later. */
  API_SHUTTING_DOWN: 'API_SHUTTING_DOWN',
  /** The request's headers or body did not arrive within the server's timeout. */
  API_REQUEST_TIMEOUT: 'API_REQUEST_TIMEOUT',
  /** The request's headers are larger than the server accepts. */
  API_HEADERS_TOO_LARGE: 'API_HEADERS_TOO_LARGE',
  /** The request has an Expect header the server cannot meet (only 100-continue is supported). */
  API_EXPECTATION_FAILED: 'API_EXPECTATION_FAILED',
  /** The request body's content encoding or charset is not one the server reads. */
  API_UNSUPPORTED_MEDIA_TYPE: 'API_UNSUPPORTED_MEDIA_TYPE',
  /** The route exists, but not for this HTTP method (CONNECT, protocol upgrades). */
  API_METHOD_NOT_ALLOWED: 'API_METHOD_NOT_ALLOWED',
  /** No prediction job has that id (never submitted, or removed after its time to live). */
  JOB_NOT_FOUND: 'JOB_NOT_FOUND',
  /** A job's results were asked for before it completed (it is queued, running, failed or cancelled); `details.state` says which. */
  JOB_NOT_COMPLETED: 'JOB_NOT_COMPLETED',
  /** A job that already completed, failed or was cancelled cannot be cancelled; `details.state` says which. */
  JOB_ALREADY_FINISHED: 'JOB_ALREADY_FINISHED',
  /** The job queue (Redis) cannot be reached; nothing was changed, retry in a moment. */
  JOB_QUEUE_UNAVAILABLE: 'JOB_QUEUE_UNAVAILABLE',
  /** The worker that held a chunk went away (its lock expired); the chunk was put back on the queue. */
  JOB_WORKER_LOST: 'JOB_WORKER_LOST',
  /** A chunk of a job failed on every attempt, so the job failed; `details` names the chunk and the last error. */
  JOB_CHUNK_FAILED: 'JOB_CHUNK_FAILED',
  /** A client (ctune job) could not reach the API at its URL: nothing listens there, or the network failed. */
  API_UNREACHABLE: 'API_UNREACHABLE',
  /** An invariant of causal-tune itself was broken: a bug, please report it. */
  INTERNAL_ASSERTION: 'INTERNAL_ASSERTION',
} as const;

/** One of the codes in {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
