/**
 * @torchlet/core: Tensor, ops, autograd and random numbers with PyTorch's names and numbers.
 * @example
 * import { tensor, randn, manualSeed } from '@torchlet/core';
 * manualSeed(0);
 * const w = randn(2, 5, { requiresGrad: true });
 */
import './methods/math';
import './methods/math-extra';
import './methods/shape';
import './methods/indexing';
export { det, slogdet, inverse, matrixPower, pinverse, cross } from './methods/linalg';
import './methods/sampling';
import './methods/dtype';
import './methods/random';
import './methods/unique';
import './methods/index-extra';
import './methods/stats';
import './methods/autograd';

export { Tensor, type Storage } from './tensor';
export type { DType, TypedArray, NestedArray } from './dtype';
export { promoteTypes, isFloating } from './dtype';
export { float32, float, float64, double, int32, int, int64, long, bool, float16, half, bfloat16, uint8, int8, int16, short } from './dtype-names';
export { broadcastShapes } from './shape';
export { setPrintOptions, getPrintOptions, type PrintOptions } from './format';
export { getDefaultDtype, setDefaultDtype } from './ops/util';

export * from './ops/creation';
export * from './ops/ranges';
export * from './ops/elementwise';
export { where, resultType, type Operand, type Scalar } from './ops/binary';
export {
  sum, mean, prod, max, min, amax, amin, argmax, argmin, all, any,
  type ValuesIndices, type KeepDim, type Dims,
} from './ops/reduce';
export { std, logsumexp, norm, variance as var, stdMean, varMean, type VarOptions } from './ops/stats';
export { nansum, nanmean, aminmax, type MinMax, type AminmaxOptions, type NanReduceOptions } from './ops/reduce-nan';
export { median, nanmedian, mode } from './ops/median';
export { quantile, nanquantile, type QuantileOptions, type QuantileInterpolation } from './ops/quantile';
export { matmul, mm, bmm, mv, dot, outer } from './ops/linalg';
export { einsum } from './ops/einsum';
export { meshgrid, type MeshgridOptions } from './ops/meshgrid';
/**
 * torch.linalg: det, inv, solve, cholesky, qr, svd, eigh, norms, lstsq...: batched over leading dims, float32 and
 * float64, with PyTorch's gradients.
 */
export * as linalg from './linalg/index';
export {
  cosineSimilarity, pairwiseDistance, cdist,
  type CosineSimilarityOptions, type PairwiseDistanceOptions, type CdistOptions, type CdistComputeMode,
} from './ops/distance';
export { softmax, logSoftmax, type SoftmaxOptions } from './ops/softmax';
export {
  reshape, view, permute, transpose, t, expand, squeeze, unsqueeze, flatten, unflatten, narrow, select,
  movedim, clone, detach, contiguous,
} from './ops/views';
export {
  gather, scatter, scatterAdd, indexSelect, indexAdd, type ScatterOptions,
} from './ops/indexing';
export { scatterReduce, type ScatterReduceMode } from './ops/scatter-reduce';
export { maskedFill, maskedSelect, maskedScatter } from './ops/masked';
export { cat, stack, hstack, vstack, dstack } from './ops/join';
export { sort, argsort, msort, topk, kthvalue, type SortOptions, type TopkOptions, type SortArgs, type TopkArgs } from './ops/sort';
export { multinomial, type MultinomialOptions } from './ops/multinomial';
export { bernoulli, normal, randintLike, type GeneratorOptions, type NormalOptions } from './ops/random-extra';
export { unique, uniqueConsecutive, type UniqueOptions, type UniqueConsecutiveOptions } from './ops/unique';
export { bincount, histc, type BincountOptions, type HistcOptions } from './ops/histogram';
export { searchsorted, bucketize, type SearchsortedOptions, type BucketizeOptions } from './ops/search';
export { cumsum, cumprod, cummax, cummin, logcumsumexp } from './ops/scan';
export { flip, fliplr, flipud, roll, repeat, tile, tril, triu, nonzero, argwhere } from './ops/reorder';
export { diagonal, diag, diagEmbed, trace, trilIndices, triuIndices } from './ops/diagonal';
export {
  take, takeAlongDim, narrowCopy, indexCopy, indexFill, indexPut, repeatInterleave,
  type IndexPutOptions, type RepeatInterleaveOptions,
} from './ops/index-extra';
export { asStrided } from './ops/strided';
export { index, setIndex, slice, Slice, type IndexItem, type SetIndexOptions } from './ops/slicing';
export { split, chunk, unbind } from './ops/split';

export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd/grad-mode';
export { inferenceMode, isInferenceModeEnabled } from './autograd/inference-mode';
export { RemovableHandle } from './autograd/hooks';
export { gradcheck, gradgradcheck, type GradcheckOptions } from './autograd/gradcheck';
/** torch.autograd: grad, backward, custom Function subclasses, gradcheck. */
export * as autograd from './autograd/namespace';

export {
  Generator, defaultGenerator, manualSeed, seed, initialSeed, getRngState, setRngState,
} from './random/index';
/** torch.random: seeding and generator state (manualSeed, getRngState...), PyTorch's MT19937 bit for bit. */
export * as random from './random/api';
export { backendName, backendNames, setBackend, getNumThreads, setNumThreads } from './backend/index';
export type { DeviceType } from './backend/types';
export { device, Device, cuda, backends, type DeviceSpec, type DeviceTypeName } from './device';
export * as webgpu from './backend/webgpu/namespace';
export type { ToOptions } from './ops/to-device';
