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

export { Tensor, Storage } from './tensor';
export type { DType, TypedArray, NestedArray } from './dtype';
export { promoteTypes, isFloating } from './dtype';
export { broadcastShapes } from './shape';
export { setPrintOptions, getPrintOptions, type PrintOptions } from './format';
/** Python's exact '%.Nf' / '%.Ne' number formatting (tensor printing; @torchlet/trainer's sprintf). */
export { formatFixed, formatSci } from './format';
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
export { Node } from './autograd/node';
export { needsGrad, record } from './autograd/record';
export * as autograd from './autograd/namespace';
/** nn primitives (fused linear, NLL, im2col/conv, pooling, norms, embedding, pad) for @torchlet/nn. */
export * as nnOps from './ops/nn/index';
/** Single-rounding fma and double-double arithmetic, for @torchlet/nn's and @torchlet/optim's exact math. */
export * as numeric from './numeric';

export {
  Generator, defaultGenerator, manualSeed, seed, initialSeed, getRngState, setRngState,
} from './random/index';
export * as random from './random/index';
export { backend, backendName, backendNames, getBackend, registerBackend, setBackend, getNumThreads, setNumThreads } from './backend/index';
export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from './backend/index';
