import protobuf from 'protobufjs';
import { ToolkitError } from '@causal-tune/core';
import { DataType, type TensorData } from '../builder/dtype.js';
import type { GraphCore, Initializer } from '../builder/graph-core.js';
import type { AttributeTensor, Value } from '../builder/value.js';
import { ONNX_PROTO_SOURCE } from './onnx-schema.js';

const root = protobuf.parse(ONNX_PROTO_SOURCE, { keepCase: true }).root;
const ModelProto = root.lookupType('onnx.ModelProto');

const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;

/** Options of {@link compile}. */
export interface CompileOptions {
  /** Written into the model's metadata; the producer is always causal-tune. */
  readonly docString?: string;
  /**
   * Initializers at least this large (bytes) are stored outside the protobuf, in the file named
   * by `externalDataPath`, so models past protobuf's 2 GB limit can be written. Needs
   * `externalData` to collect the bytes.
   */
  readonly externalDataThresholdBytes?: number;
  /** The data file name written into the model for external initializers. */
  readonly externalDataPath?: string;
}

/** An ONNX model: the protobuf bytes and, when external data was requested, its data file bytes. */
export interface CompiledModel {
  readonly model: Uint8Array;
  readonly externalData?: { readonly path: string; readonly chunks: readonly Uint8Array[]; readonly sizeBytes: number };
}

/** The ONNX IR version written: IR 8 goes with opsets up to 18, which is what we emit. */
const IR_VERSION = 8;

/**
 * Serialises a graph to an ONNX ModelProto. Constants and frozen weights become initializers
 * (raw little-endian bytes); inputs and outputs keep their named dynamic dims as `dim_param`.
 */
export function compile(graph: GraphCore, options: CompileOptions = {}): CompiledModel {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const threshold = options.externalDataThresholdBytes ?? Number.POSITIVE_INFINITY;
  const dataPath = options.externalDataPath ?? 'model.onnx.data';
  const initializer = [...graph.initializers.values()].map((init) => {
    const bytes = tensorBytes(init.data);
    if (bytes.byteLength < threshold) return tensorProto(init, { raw_data: bytes });
    const entry = tensorProto(init, {
      data_location: 1,
      external_data: [
        { key: 'location', value: dataPath },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(bytes.byteLength) },
      ],
    });
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
  const model = {
    ir_version: IR_VERSION,
    producer_name: 'causal-tune',
    producer_version: '0.1.0',
    doc_string: options.docString ?? '',
    opset_import: [{ domain: '', version: graph.opset }],
    graph: {
      name: graph.name,
      node: graph.records.map(({ node }) => ({
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
  return chunks.length === 0 ? { model: bytes } : { model: bytes, externalData: { path: dataPath, chunks, sizeBytes: offset } };
}

/** Reads back a model's protobuf as a plain object (tests and debugging). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
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
