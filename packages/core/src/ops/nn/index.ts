/** The nn primitives with their gradients, used by @torchlet/nn (exported as `nnOps`). */
export { linear } from './linear';
export { nllLoss, checkReduction, type NllLossOptions, type Reduction } from './nll';
export { crossEntropyIndices } from './cross-entropy';
export { im2col, col2im, unfold, fold, pair, type IntPair, type UnfoldOptions, type WindowGeometry } from './window';
export { conv1d, conv2d, type ConvOptions } from './conv';
export { maxPool2d, avgPool2d, adaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from './pool';
export { batchNorm, layerNorm, groupNorm, type BatchNormOptions } from './norm';
export { embedding } from './embedding';
export { pad, type PadMode } from './pad';
export { sumToShape } from '../binary';
export { pointwiseLoss, type LossPartials } from './pointwise-loss';
