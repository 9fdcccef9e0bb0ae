// Builder
export { GraphBuilder } from './builder/graph-builder.js';
export type { Operand, GemmOptions, LayerNormalizationOptions, MatMulNBitsAttributes } from './builder/graph-builder.js';
export { GraphCore } from './builder/graph-core.js';
export type { ApplyOptions, ExternalTensorData, GraphOptions, Initializer, NodeRecord, RecomputeRule } from './builder/graph-core.js';
export { DataType, byteLengthOf, bytesPerElement, isFloatType, storageLengthOf, toTypedArray } from './builder/dtype.js';
export type { DType, TensorData } from './builder/dtype.js';
export { ShapeMismatchError, broadcastShapes, formatShape, knownSize } from './builder/shape.js';
export type { Dim, Shape } from './builder/shape.js';
export type { AttributeKind, AttributeTensor, AttributeValue, GraphNode, Value } from './builder/value.js';

// Ops
export { defineOp } from './builder/op-definition.js';
export type { AttributeSpec, AttributesOf, GradientContext, GradientSpec, OpDefinition, OutputInfo } from './builder/op-definition.js';
export { ALL_OPS } from './ops/index.js';
export { createOpRegistry } from './ops/op-registry.js';
export { MATMUL_N_BITS_INPUT_GRADIENT } from './ops/mat-mul-nbits.js';
export type { MatMulNBitsInputGradient } from './ops/mat-mul-nbits.js';
export type { OpRegistry } from './ops/op-registry.js';

// Autodiff
export { gradients } from './autodiff/gradients.js';
export type { GradientOptions } from './autodiff/gradients.js';
export { reduceToShape } from './autodiff/reduce-to-shape.js';

// Compilation and runtime
export { compile, decodeModel } from './onnx/compile.js';
export type { CompileOptions, CompiledModel } from './onnx/compile.js';
export { GraphSession, createSession, toOrtTensor } from './runtime/graph-session.js';
export type { ExecutionProvider, Feed, HostTensor, SessionOptions } from './runtime/graph-session.js';

// Testing helpers are also exported here for other packages' tests.
export { checkGradient } from './testing/check-gradient.js';
