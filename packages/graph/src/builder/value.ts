import type { DType, TensorData } from './dtype.js';
import type { Shape } from './shape.js';

/** A symbolic tensor of a graph: the name of an ONNX value with its dtype and shape. */
export interface Value {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: Shape;
  /** Values of a small constant known at build time (shape inference reads Reshape targets, axes, ...). */
  readonly constant?: TensorData;
}

/** An attribute value as ONNX stores it, tagged with its kind. */
export type AttributeKind = 'int' | 'float' | 'string' | 'ints' | 'floats' | 'strings' | 'tensor';

/** A small tensor stored in an attribute (ConstantOfShape's fill value). */
export interface AttributeTensor {
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly data: TensorData;
}

/** The JavaScript type of each attribute kind. */
export interface AttributeValueOf {
  int: number;
  float: number;
  string: string;
  ints: readonly number[];
  floats: readonly number[];
  strings: readonly string[];
  tensor: AttributeTensor;
}

/** Any attribute value. */
export type AttributeValue = AttributeValueOf[AttributeKind];

/** One recorded ONNX node. */
export interface GraphNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** Input value names; `''` marks an omitted optional input (ONNX convention). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, { readonly kind: AttributeKind; readonly value: AttributeValue }>>;
}
