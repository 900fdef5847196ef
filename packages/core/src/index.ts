/**
 * @torchlet/core: Tensor, ops, autograd and random numbers with PyTorch's names and numbers.
 * @example
 * import { tensor, randn, manualSeed } from '@torchlet/core';
 * manualSeed(0);
 * const w = randn(2, 5, { requiresGrad: true });
 */
import './methods/math';
import './methods/shape';
import './methods/indexing';

export { Tensor, type Storage } from './tensor';
export type { DType, TypedArray, NestedArray } from './dtype';
export { promoteTypes, isFloating } from './dtype';
export { broadcastShapes } from './shape';
export { setPrintOptions, getPrintOptions, type PrintOptions } from './format';
export { getDefaultDtype, setDefaultDtype } from './ops/util';

export * from './ops/creation';
export * from './ops/elementwise';
export { where, resultType, type Operand, type Scalar } from './ops/binary';
export {
  sum, mean, prod, max, min, amax, amin, argmax, argmin, all, any,
  type ValuesIndices, type KeepDim, type Dims,
} from './ops/reduce';
export { std, logsumexp, norm, variance as var, type VarOptions } from './ops/stats';
export { matmul, mm, bmm, mv, dot, outer } from './ops/linalg';
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
export { sort, argsort, msort, topk, kthvalue, type SortOptions, type TopkOptions } from './ops/sort';
export { cumsum, cumprod, cummax, cummin } from './ops/scan';
export { flip, fliplr, flipud, roll, repeat, tile, tril, triu, nonzero, argwhere } from './ops/reorder';
export { index, setIndex, slice, Slice, type IndexItem, type SetIndexOptions } from './ops/slicing';
export { split, chunk, unbind } from './ops/split';

export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd/grad-mode';
export { gradcheck, gradgradcheck, type GradcheckOptions } from './autograd/gradcheck';
export * as autograd from './autograd/namespace';

export {
  Generator, defaultGenerator, manualSeed, seed, initialSeed, getRngState, setRngState,
} from './random/index';
export * as random from './random/api';
export { backendName, backendNames, setBackend, getNumThreads, setNumThreads } from './backend/index';
export type { DeviceType } from './backend/types';
