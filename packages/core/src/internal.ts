/**
 * @torchlet/core/internal: what torchlet's own packages (nn, optim, trainer) build on and users
 * do not: nn's primitives with their gradients, exact numerics, PyTorch's sampling kernels and
 * Python-style text. Not a stable API; `torch.*` (the umbrella) never shows it.
 * @example
 * import { nnOps, numeric } from '@torchlet/core/internal';
 */
/** nn primitives (fused linear, NLL, im2col/conv, pooling, norms, embedding, pad) for @torchlet/nn. */
export * as nnOps from './ops/nn/index';
/** Single-rounding fma and double-double arithmetic, for nn's and optim's exact math. */
export * as numeric from './numeric';
/** clip_grad_norm_'s total float32 2-norm in one pass over the gradients (nn.utils.clipGradNorm_). */
export { totalNormTwoF32 } from './ops/norm-two-f32';
/** Python's exact '%.Nf' / '%.Ne' number formatting and reprs (the trainer's sprintf, nn/optim reprs). */
export { formatFixed, formatSci } from './format';
export { pyFloat, pyNumber, pyTuple } from './pyrepr';
/** PyTorch's sampling kernels over typed arrays (dropout's bernoulli, the DataLoader's seeds). */
export * as randomKernels from './random/index';
/** Options objects checked like Python keyword arguments (unknown keys name the nearest known one). */
export { checkOptions, nearestKey } from './options';
/** Python-style trailing arguments (positional values, then the options object) and PyTorch's argument TypeErrors. */
export { bindArgs, bindOptions, boolArg, intArgOf, floatArg, tensorArg, type PyArgs } from './ops/bind-args';
/** Device arguments: the storage device a spec names (PyTorch's errors for others), and to()'s forms (Module.to). */
export { storageDevice } from './device';
export { parseTo as parseToArgs } from './ops/to-device';
export { setTensorData } from './tensor';
/** An int64 index tensor as the int32 one the kernels take (other dtypes as given). */
export { indexInt32 } from './ops/index-dtype';
