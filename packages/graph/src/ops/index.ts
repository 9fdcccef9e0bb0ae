import type { OpDefinition } from '../builder/op-definition.js';
import { addOp } from './add.js';
import { castOp } from './cast.js';
import { concatOp } from './concat.js';
import { constantOfShapeOp } from './constant-of-shape.js';
import { cosOp } from './cos.js';
import { dequantizeLinearOp } from './dequantize-linear.js';
import { divOp } from './div.js';
import { dropoutOp } from './dropout.js';
import { equalOp } from './equal.js';
import { erfOp } from './erf.js';
import { expOp } from './exp.js';
import { expandOp } from './expand.js';
import { gatherOp } from './gather.js';
import { gatherElementsOp } from './gather-elements.js';
import { gemmOp } from './gemm.js';
import { greaterOp } from './greater.js';
import { identityOp } from './identity.js';
import { layerNormalizationOp } from './layer-normalization.js';
import { lessOp } from './less.js';
import { logOp } from './log.js';
import { logSoftmaxOp } from './log-softmax.js';
import { matMulOp } from './mat-mul.js';
import { matMulNBitsOp } from './mat-mul-nbits.js';
import { mulOp } from './mul.js';
import { negOp } from './neg.js';
import { padOp } from './pad.js';
import { powOp } from './pow.js';
import { rangeOp } from './range.js';
import { reciprocalOp } from './reciprocal.js';
import { reduceMaxOp } from './reduce-max.js';
import { reduceMeanOp } from './reduce-mean.js';
import { reduceSumOp } from './reduce-sum.js';
import { reshapeOp } from './reshape.js';
import { scatterElementsOp } from './scatter-elements.js';
import { scatterNdOp } from './scatter-nd.js';
import { shapeOp } from './shape.js';
import { sigmoidOp } from './sigmoid.js';
import { sinOp } from './sin.js';
import { sizeOp } from './size.js';
import { sliceOp } from './slice.js';
import { softmaxOp } from './softmax.js';
import { splitOp } from './split.js';
import { sqrtOp } from './sqrt.js';
import { squeezeOp } from './squeeze.js';
import { subOp } from './sub.js';
import { tanhOp } from './tanh.js';
import { transposeOp } from './transpose.js';
import { triluOp } from './trilu.js';
import { unsqueezeOp } from './unsqueeze.js';
import { whereOp } from './where.js';

export {
  addOp, castOp, concatOp, constantOfShapeOp, cosOp, dequantizeLinearOp, divOp, dropoutOp, equalOp, erfOp, expOp, expandOp, gatherOp,
  gatherElementsOp, gemmOp, greaterOp, identityOp, layerNormalizationOp, lessOp, logOp, logSoftmaxOp, matMulOp, matMulNBitsOp, mulOp,
  negOp, padOp, powOp, rangeOp, reciprocalOp, reduceMaxOp, reduceMeanOp, reduceSumOp, reshapeOp, scatterElementsOp,
  scatterNdOp, shapeOp, sigmoidOp, sinOp, sizeOp, sliceOp, softmaxOp, splitOp, sqrtOp, squeezeOp, subOp, tanhOp,
  transposeOp, triluOp, unsqueezeOp, whereOp,
};

/** Every op the builder knows, one explicit list (tfjs `register_all_gradients.ts`). */
export const ALL_OPS: readonly OpDefinition[] = [
  addOp, castOp, concatOp, constantOfShapeOp, cosOp, dequantizeLinearOp, divOp, dropoutOp, equalOp, erfOp, expOp, expandOp, gatherOp,
  gatherElementsOp, gemmOp, greaterOp, identityOp, layerNormalizationOp, lessOp, logOp, logSoftmaxOp, matMulOp, matMulNBitsOp, mulOp,
  negOp, padOp, powOp, rangeOp, reciprocalOp, reduceMaxOp, reduceMeanOp, reduceSumOp, reshapeOp, scatterElementsOp,
  scatterNdOp, shapeOp, sigmoidOp, sinOp, sizeOp, sliceOp, softmaxOp, splitOp, sqrtOp, squeezeOp, subOp, tanhOp,
  transposeOp, triluOp, unsqueezeOp, whereOp,
] as unknown as readonly OpDefinition[];
