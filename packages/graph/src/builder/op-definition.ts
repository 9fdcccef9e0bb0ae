import type { DType } from './dtype.js';
import type { Shape } from './shape.js';
import type { AttributeKind, AttributeValueOf, Value } from './value.js';
import type { GraphBuilder } from './graph-builder.js';

/** Declared attribute kinds of an op, e.g. `{ axis: 'int', alpha: 'float' }`. */
export type AttributeSpec = Readonly<Record<string, AttributeKind>>;

/** Typed attribute values matching a spec; every attribute is optional (ONNX defaults apply). */
export type AttributesOf<Spec extends AttributeSpec> = { readonly [K in keyof Spec]?: AttributeValueOf[Spec[K]] };

/** dtype and shape of one output, as shape inference returns them. */
export interface OutputInfo {
  readonly dtype: DType;
  readonly shape: Shape;
}

/** What a gradient builder receives (ORT's gradient builder context, tfjs' GradConfig). */
export interface GradientContext<Spec extends AttributeSpec> {
  /** The forward inputs; `undefined` for omitted optional inputs. */
  readonly inputs: readonly (Value | undefined)[];
  /** The forward outputs. */
  readonly outputs: readonly Value[];
  /** Gradient of the loss with respect to each output, or `undefined` when none flows back. */
  readonly outputGrads: readonly (Value | undefined)[];
  readonly attributes: AttributesOf<Spec>;
  /** Which inputs need a gradient: only those on a path from a trainable tensor. */
  readonly needsGrad: readonly boolean[];
}

/**
 * How an op differentiates: a builder of gradient nodes written with the same builder ops,
 * `'none'` when no gradient flows (integer outputs, comparisons, Shape), or `'unsupported'` when
 * asking for one is a bug (throws GRAPH_NO_GRADIENT naming the op).
 */
export type GradientSpec<Spec extends AttributeSpec> =
  | 'none'
  | 'unsupported'
  | {
      /** Returns one gradient per input, aligned with `inputs`; `undefined` where not needed. */
      build(g: GraphBuilder, context: GradientContext<Spec>): readonly (Value | undefined)[];
    };

/** The full contract of one ONNX op in the builder. */
export interface OpDefinition<Spec extends AttributeSpec = AttributeSpec> {
  readonly opType: string;
  /** ONNX domain, `''` for the default one. */
  readonly domain: string;
  /** The opset version whose semantics this definition follows. */
  readonly sinceOpset: number;
  /** Input names for messages; a trailing `'...name'` means variadic. */
  readonly inputs: readonly string[];
  /** Number of inputs that may be omitted at the end. */
  readonly optionalInputs?: number;
  readonly attributes: Spec;
  /** Shape and dtype inference; throws ShapeMismatchError naming op, input and shapes. */
  inferOutputs(inputs: readonly (Value | undefined)[], attributes: AttributesOf<Spec>): readonly OutputInfo[];
  readonly gradient: GradientSpec<Spec>;
}

/** Declares an op; an identity function that keeps the literal types of the spec. */
export function defineOp<const Spec extends AttributeSpec>(definition: OpDefinition<Spec>): OpDefinition<Spec> {
  return definition;
}
