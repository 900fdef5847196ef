/**
 * Batch, layer and group normalization with PyTorch's node names (NativeBatchNormBackward0,
 * NativeLayerNormBackward0, NativeGroupNormBackward0). Forwards run without a graph; each
 * backward recomputes the statistics from the saved input with differentiable ops, so double
 * backward works.
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';
import { sumToShape } from '../binary';
import { numelOf } from '../../shape';
import { alloc } from '../util';
import { backendOf } from '../../backend/index';

/** (x - mean) / sqrt(var + eps) over `dims` (biased variance) and the 1/sqrt(var + eps) used. */
function standardize(x: Tensor, dims: readonly number[], eps: number): [Tensor, Tensor] {
  const mean = x.mean(dims, { keepdim: true });
  const dev = x.sub(mean);
  const invstd = dev.mul(dev).mean(dims, { keepdim: true }).add(eps).rsqrt();
  return [dev.mul(invstd), invstd];
}

/** d/dx of standardize(x) given the gradient with respect to its output. */
function standardizeBackward(gxhat: Tensor, xhat: Tensor, invstd: Tensor, dims: readonly number[]): Tensor {
  const m1 = gxhat.mean(dims, { keepdim: true });
  const m2 = gxhat.mul(xhat).mean(dims, { keepdim: true });
  return gxhat.sub(m1).sub(xhat.mul(m2)).mul(invstd);
}

/** weight/bias [C] shaped to broadcast over channel dim 1 of an nd-dim input. */
function channelView(t: Tensor, nd: number): Tensor {
  const shape = new Array<number>(nd).fill(1);
  shape[1] = t.numel();
  return t.reshape(shape);
}

export interface BatchNormOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * F.batch_norm over channel dim 1 of [N, C, ...]. In training the batch statistics normalize and
 * the running ones (when given) are updated in place with `momentum` (unbiased variance); else
 * the running statistics normalize.
 * @example batchNorm(x, { runningMean: rm, runningVar: rv, training: true })
 */
export function batchNorm(input: Tensor, opts: BatchNormOptions = {}): Tensor {
  const training = opts.training ?? false, eps = opts.eps ?? 1e-5, momentum = opts.momentum ?? 0.1;
  const rm = opts.runningMean ?? null, rv = opts.runningVar ?? null, w = opts.weight ?? null, b = opts.bias ?? null;
  const nd = input.shape.length;
  if (nd < 2) throw new Error(`batch_norm: expected at least 2D input (got ${nd}D input)`);
  const c = input.shape[1]!;
  for (const [t, name] of [[rm, 'running_mean'], [rv, 'running_var'], [w, 'weight'], [b, 'bias']] as const) {
    if (t !== null && t.numel() !== c) throw new Error(`${name} should contain ${c} elements not ${t.numel()}`);
  }
  const dims = [0, ...Array.from({ length: nd - 2 }, (_, i) => i + 2)];
  const count = input.numel() / c;
  // PyTorch's _verify_batch_size: exactly one value per channel is an error; none is an empty result.
  if (training && count === 1) {
    throw new Error(`Expected more than 1 value per channel when training, got input size torch.Size([${input.shape.join(', ')}])`);
  }
  if (!training && (rm === null || rv === null)) throw new Error('running_mean and running_var must be defined in evaluation mode');
  const useBatch = training || rm === null || rv === null;
  const out = noGrad(() => {
    let y: Tensor;
    if (useBatch) {
      const [xhat] = standardize(input, dims, eps);
      y = xhat;
      // An empty batch leaves the running statistics as they are, as PyTorch does.
      if (rm !== null && rv !== null && training && count > 0) {
        const mean = input.mean(dims);
        const unbiased = input.var(dims, { correction: 1 });
        rm.mul_(1 - momentum).add_(mean.reshape(rm.shape).mul(momentum));
        rv.mul_(1 - momentum).add_(unbiased.reshape(rv.shape).mul(momentum));
      }
    } else {
      y = input.sub(channelView(rm, nd)).mul(channelView(rv, nd).add(eps).rsqrt());
    }
    if (w !== null) y = y.mul(channelView(w, nd));
    if (b !== null) y = y.add(channelView(b, nd));
    return y;
  });
  if (needsGrad(input, w, b)) {
    const stats = useBatch || rm === null || rv === null ? [] : [rm, rv];
    const wShape = w?.shape.slice() ?? [], bShape = b?.shape.slice() ?? [];
    record(out, 'NativeBatchNormBackward0', [input, w, b], [input, ...(w ? [w] : []), ...stats], null, (g, s) => {
      const x = s[0]!, ws = w ? s[1]! : null;
      const gxhat = ws ? g.mul(channelView(ws, nd)) : g;
      let xhat: Tensor, gx: Tensor;
      if (useBatch) {
        const [xh, invstd] = standardize(x, dims, eps);
        xhat = xh;
        gx = standardizeBackward(gxhat, xhat, invstd, dims);
      } else {
        const k = ws ? 2 : 1;
        const invstd = channelView(s[k + 1]!, nd).add(eps).rsqrt();
        xhat = x.sub(channelView(s[k]!, nd)).mul(invstd);
        gx = gxhat.mul(invstd);
      }
      return [gx, ws ? sumToShape(g.mul(xhat).sum(dims), wShape) : null, b ? sumToShape(g.sum(dims), bShape) : null];
    });
  }
  return out;
}

/**
 * F.layer_norm: normalizes over the last `normalizedShape.length` dims, then the elementwise
 * affine weight/bias (shape normalizedShape) when given.
 * @example layerNorm(x, [5], { weight: w, bias: b })
 */
export function layerNorm(input: Tensor, normalizedShape: readonly number[], opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  const w = opts.weight ?? null, b = opts.bias ?? null, eps = opts.eps ?? 1e-5;
  const k = normalizedShape.length, nd = input.shape.length;
  const tail = input.shape.slice(nd - k);
  if (k === 0 || nd < k || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new Error(`Given normalized_shape=[${normalizedShape.join(', ')}], expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size[${input.shape.join(', ')}]`);
  }
  for (const [t, name] of [[w, 'weight'], [b, 'bias']] as const) {
    if (t !== null && (t.shape.length !== k || t.shape.some((d, i) => d !== normalizedShape[i]))) {
      throw new Error(`Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape [${t.shape.join(', ')}] and normalized_shape = [${normalizedShape.join(', ')}]`);
    }
  }
  const dims = Array.from({ length: k }, (_, i) => nd - k + i);
  const lead = Array.from({ length: nd - k }, (_, i) => i);
  const out = noGrad(() => {
    if (exactF32(input, w, b)) return layerNormF32(input, tail, eps, w, b);
    let y = standardize(input, dims, eps)[0];
    if (w !== null) y = y.mul(w);
    if (b !== null) y = y.add(b);
    return y;
  });
  if (needsGrad(input, w, b)) {
    record(out, 'NativeLayerNormBackward0', [input, w, b], [input, ...(w ? [w] : [])], null, (g, s) => {
      const x = s[0]!, ws = w ? s[1]! : null;
      // Outside create-graph mode float32 takes PyTorch's own kernel; the composed form below
      // stays for double backward and other dtypes.
      if (!needsGrad(g, x, ws) && g.dtype === 'float32' && exactF32(x, ws, null)) return layerNormBackwardF32(g, x, tail, eps, ws, b !== null);
      const [xhat, invstd] = standardize(x, dims, eps);
      const gx = standardizeBackward(ws ? g.mul(ws) : g, xhat, invstd, dims);
      const red = (t: Tensor): Tensor => (lead.length > 0 ? t.sum(lead) : t);
      return [gx, ws ? red(g.mul(xhat)) : null, b ? red(g) : null];
    });
  }
  return out;
}

/** float32 rows through PyTorch's own rounding where the backend has the kernels (CPU); the rest compose. */
function exactF32(x: Tensor, w: Tensor | null, b: Tensor | null): boolean {
  const be = backendOf(x);
  return be.layerNorm !== undefined && be.layerNormBackward !== undefined && x.dtype === 'float32' && x.numel() > 0 &&
    (w === null || (w.dtype === 'float32' && w.storage.device === x.storage.device)) &&
    (b === null || (b.dtype === 'float32' && b.storage.device === x.storage.device));
}

/** Dense float32 elements of t (the backend kernels read row-major runs). */
const dense = (t: Tensor): Tensor => t.contiguous();

function layerNormF32(x: Tensor, tail: readonly number[], eps: number, w: Tensor | null, b: Tensor | null): Tensor {
  const N = numelOf(tail), dev = x.storage.device;
  const y = alloc(x.shape.slice(), 'float32', dev);
  backendOf(x).layerNorm!(dense(x), w === null ? null : dense(w), b === null ? null : dense(b), eps, x.numel() / N, N, y, null, null);
  return y;
}

/** NativeLayerNormBackward0 of float32 through layer_norm_kernel.cpp's rounding (mean and rstd recomputed bit-equal). */
function layerNormBackwardF32(g: Tensor, x: Tensor, tail: readonly number[], eps: number, w: Tensor | null, hasBias: boolean): (Tensor | null)[] {
  const N = numelOf(tail), M = x.numel() / N, dev = x.storage.device, be = backendOf(x);
  const xd = dense(x), wd = w === null ? null : dense(w);
  const mean = alloc([M], 'float32', dev), rstd = alloc([M], 'float32', dev);
  be.layerNorm!(xd, null, null, eps, M, N, null, mean, rstd);
  const dx = alloc(x.shape.slice(), 'float32', dev);
  const dw = w === null ? null : alloc(tail.slice(), 'float32', dev);
  const db = hasBias ? alloc(tail.slice(), 'float32', dev) : null;
  be.layerNormBackward!(dense(g), xd, mean, rstd, wd, M, N, dx, dw, db);
  return [dx, dw, db];
}

/**
 * F.group_norm: input [N, C, ...] split into `numGroups` groups of channels, each normalized
 * over its channels and positions; then per-channel weight/bias.
 * @example groupNorm(x, 2, { weight: w, bias: b })
 */
export function groupNorm(input: Tensor, numGroups: number, opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  const w = opts.weight ?? null, b = opts.bias ?? null, eps = opts.eps ?? 1e-5;
  const nd = input.shape.length;
  if (nd < 2) throw new Error(`Expected at least 2 dimensions for input tensor but received ${nd}`);
  const [n, c] = input.shape as [number, number];
  if (c % numGroups !== 0) {
    throw new Error(`Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(', ')}] and num_groups=${numGroups}`);
  }
  for (const [t, name] of [[w, 'weight'], [b, 'bias']] as const) {
    if (t !== null && (t.shape.length !== 1 || t.numel() !== c)) {
      throw new Error(`Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape [${t.shape.join(', ')}] and input of shape [${input.shape.join(', ')}]`);
    }
  }
  const shape = input.shape.slice();
  const grouped = [n, numGroups, input.numel() / (n * numGroups)];
  const out = noGrad(() => {
    let y = standardize(input.reshape(grouped), [2], eps)[0].reshape(shape);
    if (w !== null) y = y.mul(channelView(w, nd));
    if (b !== null) y = y.add(channelView(b, nd));
    return y;
  });
  if (needsGrad(input, w, b)) {
    const dims = [0, ...Array.from({ length: nd - 2 }, (_, i) => i + 2)];
    record(out, 'NativeGroupNormBackward0', [input, w, b], [input, ...(w ? [w] : [])], null, (g, s) => {
      const x = s[0]!, ws = w ? s[1]! : null;
      const [xhat, invstd] = standardize(x.reshape(grouped), [2], eps);
      const gxhat = (ws ? g.mul(channelView(ws, nd)) : g).reshape(grouped);
      const gx = standardizeBackward(gxhat, xhat, invstd, [2]).reshape(shape);
      return [gx, ws ? g.mul(xhat.reshape(shape)).sum(dims) : null, b ? g.sum(dims) : null];
    });
  }
  return out;
}
