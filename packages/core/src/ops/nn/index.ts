/** The nn primitives with their gradients, used by @torchlet/nn (exported as `nnOps`). */
export { linear } from './linear';
export { nllLoss, checkReduction, type NllLossOptions, type Reduction } from './nll';
export { crossEntropyIndices } from './cross-entropy';
export { im2col, col2im, unfold, fold, pair, type IntPair, type UnfoldOptions, type WindowGeometry } from './window';
export { conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d, type ConvOptions, type ConvTransposeOptions } from './conv';
export { im2colNd, col2imNd, type GeometryNd } from './col2im';
export {
  maxPool2d, avgPool2d, maxPoolNd, maxPool1dWithIndices, avgPoolNd, avgPool1d, tuple,
  type MaxPool2dOptions, type AvgPool2dOptions, type MaxPoolOptions, type AvgPoolOptions, type IntTuple,
} from './pool';
export {
  adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPoolNd, adaptiveMaxPool1d, adaptiveMaxPoolNd, applyAlongAxes, type OutputSize,
} from './adaptive-pool';
export { fractionalMaxPool2d, type FractionalMaxPoolOptions } from './fractional-pool';
export { maxUnpool, type MaxUnpoolOptions } from './unpool';
export { interpolate, type InterpolateMode, type InterpolateOptions } from './interpolate';
export { gridSample, affineGrid, type GridSampleOptions, type GridSampleMode, type GridPaddingMode } from './grid-sample';
export { batchNorm, layerNorm, groupNorm, type BatchNormOptions } from './norm';
export { embedding } from './embedding';
export { withNode, applyInplace } from './activation';
export { pad, checkPadMode, type PadMode } from './pad';
export { pixelShuffle, pixelUnshuffle } from './pixel-shuffle';
export { sumToShape } from '../binary';
export { pointwiseLoss, type LossPartials } from './pointwise-loss';
