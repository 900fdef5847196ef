/**
 * The narrow dtypes on the js backend: float16 / bfloat16 (16-bit patterns, half.ts) and the small
 * integers. The kernels read
 * numbers. So every kernel gets half operands as float32 copies and writes a half output through
 * a float32 scratch that is rounded into it once at the end: maths in float32, one rounding per
 * op, as PyTorch's CPU kernels compute half types in their opmath type. wasm and native hand
 * non-float32 views to these js kernels, so this is the one place half maths happens on the CPU.
 * uint8 / int8 / int16 go the same way through int32: operands widened to int32 copies, results
 * computed in int32 and stored with C's wrap-around (uint8 200 + 100 is 44, as in PyTorch).
 * A float32 call pays one dtype read per operand.
 */
import { decodeHalf, encodeHalf } from '../../half';
import { contiguousStrides, numelOf } from '../../shape';
import { HostStorage, hostData, isDense, stridedWrite } from '../host';
import type { Backend, View } from '../types';
import type { TypedArray } from '../../dtype';

type Kernel = (...args: unknown[]) => unknown;

/** Argument positions a kernel writes (every other view is only read). */
const OUTPUTS: Readonly<Record<string, readonly number[]>> = {
  unary: [2], binary: [3], where: [3], reduce: [3, 4], matmul: [2], fused: [5], softmax: [1], softmaxBackward: [2],
  geluBackward: [2], layerNorm: [6, 7, 8], layerNormBackward: [7, 8, 9], conv2d: [4], conv2dInputGrad: [3],
  conv2dWeightGrad: [3], maxPool2d: [2, 3], maxPool2dBackward: [2], gather: [3], scatter: [0], indexSelect: [3],
  scan: [3, 4], sort: [4, 5], im2col: [3], col2im: [3], nllLoss: [5], nllLossGrad: [7], crossEntropyGrad: [7],
};

type Narrow = 'float16' | 'bfloat16' | 'uint8' | 'int8' | 'int16';

/** The dtype of a view that the kernels get widened (half and small integer types), else null. */
function halfDtype(a: unknown): Narrow | null {
  const d = (a as { dtype?: unknown } | null | undefined)?.dtype;
  return d === 'float16' || d === 'bfloat16' || d === 'uint8' || d === 'int8' || d === 'int16' ? d : null;
}

/** v's stored elements (bit patterns for half types), row-major. */
function readBits(v: View): TypedArray {
  const d = hostData(v), n = numelOf(v.shape);
  if (isDense(v)) return d.subarray(v.offset, v.offset + n);
  const out = new (d.constructor as new (n: number) => TypedArray)(n);
  const nd = v.shape.length;
  let i = 0;
  const walk = (dim: number, off: number): void => {
    const len = v.shape[dim]!, s = v.strides[dim]!;
    if (dim === nd - 1) for (let k = 0; k < len; k++) out[i++] = d[off + k * s]!;
    else for (let k = 0; k < len; k++) walk(dim + 1, off + k * s);
  };
  if (nd === 0) out[0] = d[v.offset]!;
  else if (n > 0) walk(0, v.offset);
  return out;
}

/** A dense float32 (half) or int32 (small integer) copy of a view: its current values, as outputs such as scatter's are read too. */
function widen(v: View, dtype: Narrow): View {
  const raw = readBits(v);
  const half = dtype === 'float16' || dtype === 'bfloat16';
  const data = half ? decodeHalf(dtype, raw as Uint16Array) : Int32Array.from(raw);
  return { storage: new HostStorage(data), shape: v.shape, strides: contiguousStrides(v.shape), offset: 0, dtype: half ? 'float32' : 'int32',
    rowMajor: true, elements: data.length };
}

/** Rounds a float32 scratch view into the half view it stands for; an int32 one wraps into its small integer view (typed-array stores wrap as C). */
function narrow(scratch: View, out: View, dtype: Narrow): void {
  const bits = dtype === 'float16' || dtype === 'bfloat16' ? encodeHalf(dtype, hostData(scratch)) : hostData(scratch);
  const d = hostData(out);
  if (isDense(out)) d.set(bits, out.offset);
  else stridedWrite(d, out, bits);
}

/** Memory methods move bit patterns themselves: they are not wrapped. */
const MEMORY = new Set(['alloc', 'fromHost', 'read', 'item', 'readAsync', 'write', 'copy', 'fill']);

/** Whether v is a half or small integer view (float32 fails the first compare). */
function H(v: View | null | undefined): boolean {
  if (v === null || v === undefined) return false;
  const d = v.dtype;
  return d !== 'float32' && (d === 'float16' || d === 'bfloat16' || d === 'uint8' || d === 'int8' || d === 'int16');
}
/** H for an operand that may be a number. */
function HN(v: View | number): boolean {
  return typeof v !== 'number' && H(v);
}

/** Runs `kernel` with half views as float32 copies, then rounds the written ones back. */
function slow(name: string, kernel: Kernel, args: unknown[]): never {
  const wide = args.slice();
  for (let i = 0; i < args.length; i++) {
    const h = halfDtype(args[i]);
    if (h !== null) wide[i] = widen(args[i] as View, h);
  }
  const result = kernel(...wide);
  for (const o of OUTPUTS[name] ?? []) {
    const h = halfDtype(args[o]);
    if (h !== null) narrow(wide[o] as View, args[o] as View, h);
  }
  return result as never;
}

/**
 * The backend's kernels made to take half views: each checks its view arguments' dtypes (a
 * fixed-arity check, no rest arguments: this sits on every float32 kernel call) and takes the
 * slow path only when one is float16 or bfloat16. Memory methods are unchanged.
 */
export function withHalfKernels(b: Required<Backend>): Backend {
  const k = (name: string): Kernel => (b as unknown as Record<string, Kernel>)[name]!;
  const wrapped: Required<Backend> = {
    ...b,
    unary: (op, x, out, p0, p1) => (H(x) || H(out) ? slow('unary', k('unary'), [op, x, out, p0, p1]) : b.unary(op, x, out, p0, p1)),
    binary: (op, x, y, out) => (H(x) || HN(y) || H(out) ? slow('binary', k('binary'), [op, x, y, out]) : b.binary(op, x, y, out)),
    where: (c, x, y, out) => (H(x) || H(y) || H(out) ? slow('where', k('where'), [c, x, y, out]) : b.where(c, x, y, out)),
    reduce: (op, x, dims, out, idx) => (H(x) || H(out) ? slow('reduce', k('reduce'), [op, x, dims, out, idx]) : b.reduce(op, x, dims, out, idx)),
    matmul: (x, y, out, plain, bare) => (H(x) || H(y) || H(out) ? slow('matmul', k('matmul'), [x, y, out, plain, bare]) : b.matmul(x, y, out, plain, bare)),
    fused: (op, x, y, c, sc, out) => (H(x) || H(y) || H(c) || H(out) ? slow('fused', k('fused'), [op, x, y, c, sc, out]) : b.fused(op, x, y, c, sc, out)),
    softmax: (x, out, log) => (H(x) || H(out) ? slow('softmax', k('softmax'), [x, out, log]) : b.softmax(x, out, log)),
    softmaxBackward: (g, y, out, log) => (H(g) || H(y) || H(out) ? slow('softmaxBackward', k('softmaxBackward'), [g, y, out, log]) : b.softmaxBackward(g, y, out, log)),
    geluBackward: (g, x, out) => (H(g) || H(x) || H(out) ? slow('geluBackward', k('geluBackward'), [g, x, out]) : b.geluBackward(g, x, out)),
    layerNorm: (x, w, bb, eps, rows, cols, y, mean, rstd) => (H(x) || H(w) || H(bb) || H(y) || H(mean) || H(rstd)
      ? slow('layerNorm', k('layerNorm'), [x, w, bb, eps, rows, cols, y, mean, rstd]) : b.layerNorm(x, w, bb, eps, rows, cols, y, mean, rstd)),
    layerNormBackward: (dy, x, mean, rstd, w, rows, cols, dx, dw, db) => (H(dy) || H(x) || H(mean) || H(rstd) || H(w) || H(dx) || H(dw) || H(db)
      ? slow('layerNormBackward', k('layerNormBackward'), [dy, x, mean, rstd, w, rows, cols, dx, dw, db])
      : b.layerNormBackward(dy, x, mean, rstd, w, rows, cols, dx, dw, db)),
    conv2d: (x, w, bb, g, out) => (H(x) || H(w) || H(bb) || H(out) ? slow('conv2d', k('conv2d'), [x, w, bb, g, out]) : b.conv2d(x, w, bb, g, out)),
    conv2dInputGrad: (gy, w, g, out) => (H(gy) || H(w) || H(out) ? slow('conv2dInputGrad', k('conv2dInputGrad'), [gy, w, g, out]) : b.conv2dInputGrad(gy, w, g, out)),
    conv2dWeightGrad: (gy, x, g, out) => (H(gy) || H(x) || H(out) ? slow('conv2dWeightGrad', k('conv2dWeightGrad'), [gy, x, g, out]) : b.conv2dWeightGrad(gy, x, g, out)),
    maxPool2d: (x, g, out, idx) => (H(x) || H(out) ? slow('maxPool2d', k('maxPool2d'), [x, g, out, idx]) : b.maxPool2d(x, g, out, idx)),
    maxPool2dBackward: (gy, idx, out) => (H(gy) || H(out) ? slow('maxPool2dBackward', k('maxPool2dBackward'), [gy, idx, out]) : b.maxPool2dBackward(gy, idx, out)),
    gather: (x, dim, idx, out) => (H(x) || H(out) ? slow('gather', k('gather'), [x, dim, idx, out]) : b.gather(x, dim, idx, out)),
    scatter: (out, dim, idx, src, red) => (H(out) || HN(src) ? slow('scatter', k('scatter'), [out, dim, idx, src, red]) : b.scatter(out, dim, idx, src, red)),
    indexSelect: (x, dim, idx, out) => (H(x) || H(out) ? slow('indexSelect', k('indexSelect'), [x, dim, idx, out]) : b.indexSelect(x, dim, idx, out)),
    scan: (op, x, dim, out, idx) => (H(x) || H(out) ? slow('scan', k('scan'), [op, x, dim, out, idx]) : b.scan(op, x, dim, out, idx)),
    sort: (x, dim, desc, kk, values, idx) => (H(x) || H(values) ? slow('sort', k('sort'), [x, dim, desc, kk, values, idx]) : b.sort(x, dim, desc, kk, values, idx)),
    im2col: (x, g, pad, out) => (H(x) || H(out) ? slow('im2col', k('im2col'), [x, g, pad, out]) : b.im2col(x, g, pad, out)),
    col2im: (cols, g, size, out) => (H(cols) || H(out) ? slow('col2im', k('col2im'), [cols, g, size, out]) : b.col2im(cols, g, size, out)),
    nllLoss: (x, t, w, ii, red, out) => (H(x) || H(w) || H(out) ? slow('nllLoss', k('nllLoss'), [x, t, w, ii, red, out]) : b.nllLoss(x, t, w, ii, red, out)),
    nllLossGrad: (t, w, ii, red, g, tw, nc, out) => (H(w) || HN(g) || H(out)
      ? slow('nllLossGrad', k('nllLossGrad'), [t, w, ii, red, g, tw, nc, out]) : b.nllLossGrad(t, w, ii, red, g, tw, nc, out)),
    crossEntropyGrad: (lp, t, w, ii, red, g, tw, out) => (H(lp) || H(w) || HN(g) || H(out)
      ? slow('crossEntropyGrad', k('crossEntropyGrad'), [lp, t, w, ii, red, g, tw, out]) : b.crossEntropyGrad(lp, t, w, ii, red, g, tw, out)),
  };
  // A kernel added to Backend later and not listed above still gets the (slower) generic check.
  const out = wrapped as unknown as Record<string, unknown>;
  for (const [name, f] of Object.entries(b)) {
    if (typeof f === 'function' && f === out[name] && !MEMORY.has(name)) {
      const raw = f as Kernel;
      out[name] = (...args: unknown[]): unknown => (args.some((a) => halfDtype(a) !== null) ? slow(name, raw, args) : raw(...args));
    }
  }
  return wrapped;
}
