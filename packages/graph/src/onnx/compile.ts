import { basename, dirname } from 'node:path';
import protobuf from 'protobufjs';
import { ToolkitError } from '@causal-tune/core';
import { DataType, type TensorData } from '../builder/dtype.js';
import type { GraphCore, Initializer, NodeRecord } from '../builder/graph-core.js';
import type { AttributeTensor, Value } from '../builder/value.js';
import { ONNX_PROTO_SOURCE } from './onnx-schema.js';

const root = protobuf.parse(ONNX_PROTO_SOURCE, { keepCase: true }).root;
const ModelProto = root.lookupType('onnx.ModelProto');

const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;

/** Opset of each non-default domain the builder emits (com.microsoft: onnxruntime's contrib ops). */
const DOMAIN_OPSETS: Readonly<Record<string, number>> = { 'com.microsoft': 1 };

/** protobuf cannot encode a message past 2 GiB; stay clear of it. */
const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 1;

/** Options of {@link compile}. */
export interface CompileOptions {
  /** Written into the model's metadata; the producer is always causal-tune. */
  readonly docString?: string;
  /**
   * In-memory initializers at least this large (bytes) are stored outside the protobuf, in the
   * file named by `externalDataPath`, so models past protobuf's 2 GB limit can be written.
   * Not allowed together with file-backed initializers (they name their own folder).
   */
  readonly externalDataThresholdBytes?: number;
  /** The data file name written into the model for external initializers. */
  readonly externalDataPath?: string;
}

/**
 * An ONNX model: the protobuf bytes and, when in-memory initializers went outside it, their data
 * file's bytes; `externalDataFolder` is where file-backed initializers lie (onnxruntime resolves
 * their locations against it).
 */
export interface CompiledModel {
  readonly model: Uint8Array;
  readonly externalData?: { readonly path: string; readonly chunks: readonly Uint8Array[]; readonly sizeBytes: number };
  readonly externalDataFolder?: string;
}

/** The ONNX IR version written: IR 10 carries opset 21 and the 4-bit types. */
const IR_VERSION = 10;

/**
 * Serialises a graph to an ONNX ModelProto. Constants and in-memory weights become initializers
 * (raw little-endian bytes); file-backed weights stay in their files as external data; inputs
 * and outputs keep their named dynamic dims as `dim_param`. Nodes that no output depends on are
 * left out, so a builder may create values it ends up not using.
 */
export function compile(graph: GraphCore, options: CompileOptions = {}): CompiledModel {
  const records = liveRecords(graph);
  const used = new Set(records.flatMap(({ node }) => node.inputs));
  for (const output of graph.graphOutputs) used.add(output.name);
  const initializers = [...graph.initializers.values()].filter((init) => used.has(init.name));
  const externalDataFolder = sharedFolder(graph.name, initializers);
  if (externalDataFolder !== undefined && options.externalDataThresholdBytes !== undefined) {
    throw new ToolkitError('GRAPH_INVALID', `The graph '${graph.name}' has file-backed initializers in '${externalDataFolder}', so its in-memory initializers cannot go to a separate data file. Leave externalDataThresholdBytes unset.`);
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const threshold = options.externalDataThresholdBytes ?? Number.POSITIVE_INFINITY;
  const dataPath = options.externalDataPath ?? 'model.onnx.data';
  let inlineBytes = 0;
  const initializer = initializers.map((init) => {
    if (init.external) return tensorProto(init, externalData(basename(init.external.path), init.external.offset, init.external.length));
    const bytes = tensorBytes(init.data);
    if (bytes.byteLength < threshold) {
      inlineBytes += bytes.byteLength;
      return tensorProto(init, { raw_data: bytes });
    }
    const entry = tensorProto(init, externalData(dataPath, offset, bytes.byteLength));
    chunks.push(bytes);
    offset += bytes.byteLength;
    // ONNX external data is conventionally aligned; 64 bytes suits mmap and SIMD loads.
    const padding = (64 - (offset % 64)) % 64;
    if (padding) {
      chunks.push(new Uint8Array(padding));
      offset += padding;
    }
    return entry;
  });
  if (inlineBytes > PROTOBUF_LIMIT_BYTES) {
    throw new ToolkitError('GRAPH_INVALID', `The graph '${graph.name}' holds ${inlineBytes} bytes of initializers in memory, past protobuf's 2 GiB limit. Keep large weights in files (external initializers) or set externalDataThresholdBytes.`, {
      details: { inlineBytes },
    });
  }
  const domains = [...new Set(records.map(({ node }) => node.domain).filter((domain) => domain !== ''))].sort();
  const model = {
    ir_version: IR_VERSION,
    producer_name: 'causal-tune',
    producer_version: '0.1.0',
    doc_string: options.docString ?? '',
    opset_import: [{ domain: '', version: graph.opset }, ...domains.map((domain) => ({ domain, version: DOMAIN_OPSETS[domain] ?? 1 }))],
    graph: {
      name: graph.name,
      node: records.map(({ node }) => ({
        name: node.name,
        op_type: node.opType,
        domain: node.domain,
        input: node.inputs,
        output: node.outputs,
        attribute: Object.entries(node.attributes).map(([name, { kind, value }]) => attributeProto(name, kind, value)),
      })),
      initializer,
      input: graph.graphInputs.map(valueInfo),
      output: graph.graphOutputs.map(valueInfo),
    },
  };
  const error = ModelProto.verify(model);
  if (error) throw new ToolkitError('GRAPH_INVALID', `The graph '${graph.name}' does not form a valid ONNX model: ${error}.`);
  const bytes = ModelProto.encode(ModelProto.fromObject(model)).finish();
  return {
    model: bytes,
    ...(chunks.length === 0 ? {} : { externalData: { path: dataPath, chunks, sizeBytes: offset } }),
    ...(externalDataFolder === undefined ? {} : { externalDataFolder }),
  };
}

/** Reads back a model's protobuf as a plain object (tests and debugging). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
}

/** The recorded nodes that some graph output depends on, in their recorded (topological) order. */
function liveRecords(graph: GraphCore): NodeRecord[] {
  const producer = new Map<string, NodeRecord>();
  for (const record of graph.records) for (const output of record.node.outputs) producer.set(output, record);
  const live = new Set<NodeRecord>();
  const pending = graph.graphOutputs.map((output) => output.name);
  while (pending.length > 0) {
    const record = producer.get(pending.pop()!);
    if (record === undefined || live.has(record)) continue;
    live.add(record);
    for (const input of record.node.inputs) if (input !== '') pending.push(input);
  }
  return graph.records.filter((record) => live.has(record));
}

/** The one folder of every file-backed initializer (onnxruntime resolves them against a single folder). */
function sharedFolder(graphName: string, initializers: readonly Initializer[]): string | undefined {
  const folders = [...new Set(initializers.flatMap((init) => (init.external ? [dirname(init.external.path)] : [])))];
  if (folders.length > 1) {
    throw new ToolkitError('GRAPH_INVALID', `The graph '${graphName}' reads initializers from ${folders.length} folders (${folders.join(', ')}), but onnxruntime resolves external data against one folder. Put the files side by side.`, {
      details: { folders },
    });
  }
  return folders[0];
}

function externalData(location: string, offset: number, length: number): Record<string, unknown> {
  return {
    data_location: 1,
    external_data: [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(length) },
    ],
  };
}

function tensorProto(init: Initializer, data: Record<string, unknown>): Record<string, unknown> {
  return { name: init.name, data_type: DataType[init.dtype], dims: init.shape, ...data };
}

function tensorBytes(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function valueInfo(value: Value): Record<string, unknown> {
  return {
    name: value.name,
    type: {
      tensor_type: {
        elem_type: DataType[value.dtype],
        shape: { dim: value.shape.map((dim) => (typeof dim === 'number' ? { dim_value: dim } : { dim_param: dim })) },
      },
    },
  };
}

function attributeProto(name: string, kind: keyof typeof ATTRIBUTE_TYPE, value: unknown): Record<string, unknown> {
  const type = ATTRIBUTE_TYPE[kind];
  switch (kind) {
    case 'int':
      return { name, type, i: value };
    case 'float':
      return { name, type, f: value };
    case 'string':
      return { name, type, s: Buffer.from(value as string, 'utf8') };
    case 'ints':
      return { name, type, ints: value };
    case 'floats':
      return { name, type, floats: value };
    case 'strings':
      return { name, type, strings: (value as string[]).map((item) => Buffer.from(item, 'utf8')) };
    case 'tensor': {
      const tensor = value as AttributeTensor;
      return { name, type, t: { data_type: DataType[tensor.dtype], dims: tensor.dims, raw_data: tensorBytes(tensor.data) } };
    }
  }
}
