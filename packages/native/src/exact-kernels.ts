/**
 * The native forms of the js oracle's PyTorch replays (csrc/small_tn.cc, softmax.cc, fused.cc,
 * gelu_backward.cc, layer_norm.cc): the small TN product, softmax over the last dim and its
 * backward, the fused optimizer updates, oneDNN's gelu and its backward, layer norm and its
 * backward. Each gives the js kernel's bits; each takes only float32 in the layouts it reads
 * (see the checks) and returns false otherwise, so the caller falls back.
 */
import {
  denseOut, hostData, isContiguous, numelOf, usesSmallTn, settleOut, type FusedOp, type LossReduction, type View,
} from '@torchlet/core/backend';
import type { NativeAddon } from './addon';
import { f32, intoOut } from './layout';

/** Below these sizes the js loops beat a Node-API call (about a microsecond). */
export const NATIVE_FUSED_MIN = 256;
export const NATIVE_SOFTMAX_MIN = 64;
export const NATIVE_GELU_MIN = 32;
/** Layer norm: elements of x below which the js replay runs. */
export const NATIVE_LAYER_NORM_MIN = 64;

const FUSED_CODES: Readonly<Record<FusedOp, number>> = { addScaled: 0, addcmul: 1, addcdiv: 2, lerp: 3 };
const LERP_SCALAR = 4;

/** v is a dense float32 run covering `shape` exactly (no broadcast, no gaps). */
function denseRun(v: View, shape: readonly number[]): Float32Array | null {
  const d = f32(v);
  if (!d || v.shape.length !== shape.length || v.shape.some((s, i) => s !== shape[i])) return null;
  return (v.rowMajor ?? isContiguous(v.shape, v.strides)) ? d : null;
}

export class ExactCalls {
  private readonly params = new Float64Array(12);

  constructor(private readonly addon: NativeAddon) {}

  /** A bare product torch 1.13 would give OpenBLAS's small TN kernel (js/matmul-small-tn.ts). */
  smallTn(a: View, b: View, out: View): boolean {
    const ad = f32(a), bd = f32(b);
    if (!ad || !bd || !f32(out) || !usesSmallTn(a, b)) return false;
    const p = this.params;
    p[0] = a.offset;
    p.set(a.strides, 1);
    p[4] = b.offset;
    p.set(b.strides, 5);
    p[8] = a.shape[0]!;
    p[9] = a.shape[1]!;
    p[10] = a.shape[2]!;
    p[11] = b.shape[2]!;
    intoOut(out, (o) => this.addon.smallTnF32(ad, bd, o, p));
    return true;
  }

  /** Softmax over the last dim (K = 1); over other dims PyTorch vectorises across k: js replays that. */
  softmax(x: View, out: View, log: boolean): boolean {
    const [N, C, K] = x.shape as [number, number, number];
    const xd = f32(x);
    if (!xd || !f32(out) || K !== 1 || N * C < NATIVE_SOFTMAX_MIN) return false;
    const p = this.params;
    p[0] = N;
    p[1] = C;
    p[2] = x.offset;
    p[3] = x.strides[0]!;
    p[4] = x.strides[1]!;
    intoOut(out, (o) => this.addon.softmaxF32(xd, o, p, log));
    return true;
  }

  softmaxBackward(g: View, y: View, out: View, log: boolean): boolean {
    const [N, C, K] = g.shape as [number, number, number];
    const gd = f32(g), yd = f32(y);
    if (!gd || !yd || !f32(out) || K !== 1 || N * C < NATIVE_SOFTMAX_MIN) return false;
    const p = this.params;
    p[0] = N;
    p[1] = C;
    p[2] = g.offset;
    p[3] = g.strides[0]!;
    p[4] = g.strides[1]!;
    p[5] = y.offset;
    p[6] = y.strides[0]!;
    p[7] = y.strides[1]!;
    intoOut(out, (o) => this.addon.softmaxBackwardF32(gd, yd, o, p, log));
    return true;
  }

  /**
   * Cross-entropy's gradient over the last dim for the usual call: no class weights and a mean
   * or sum loss (one gradient value for every row); the rest stays with js.
   */
  crossEntropyGrad(logp: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction,
    grad: View | number, totalWeight: number, out: View): boolean {
    const [N, C, K] = logp.shape as [number, number, number];
    const ld = f32(logp), td = hostData(target);
    if (!ld || !f32(out) || !(td instanceof Int32Array) || weight !== null || typeof grad !== 'number' || reduction === 'none' ||
        K !== 1 || N * C < NATIVE_SOFTMAX_MIN) return false;
    const gl = -(reduction === 'mean' ? Math.fround(grad / totalWeight) : grad);
    if (Math.fround(gl) !== gl && gl === gl) return false;
    const p = this.params;
    p[0] = N;
    p[1] = C;
    p[2] = logp.offset;
    p[3] = logp.strides[0]!;
    p[4] = logp.strides[1]!;
    p[5] = target.offset;
    p[6] = target.strides[0]!;
    intoOut(out, (o) => this.addon.crossEntropyGradF32(ld, td, o, p, ignoreIndex, gl));
    return true;
  }

  /** Dense same-shape float32 operands and a float32 scalar; broadcasts and strides stay with js. */
  fused(op: FusedOp, a: View, b: View, c: View | null, s: number, out: View): boolean {
    const n = numelOf(out.shape);
    if (n < NATIVE_FUSED_MIN || !f32(out) || (Math.fround(s) !== s && s === s)) return false;
    const ad = denseRun(a, out.shape), bd = denseRun(b, out.shape);
    const cd = c === null ? null : denseRun(c, out.shape);
    if (!ad || !bd || (c !== null && !cd) || (c === null && (op === 'addcmul' || op === 'addcdiv'))) return false;
    const code = op === 'lerp' && c === null ? LERP_SCALAR : FUSED_CODES[op];
    const p = this.params;
    p[0] = n;
    p[1] = a.offset;
    p[2] = b.offset;
    p[3] = c === null ? 0 : c.offset;
    intoOut(out, (o) => this.addon.fusedF32(code, ad, bd, cd ?? ad, s, o, p));
    return true;
  }

  /** torch 1.13 hands contiguous float32 gelu of 2+ elements to oneDNN (exact/gelu-onednn.ts). */
  gelu(x: View, out: View): boolean {
    const xd = f32(x);
    const n = numelOf(x.shape);
    if (!xd || !f32(out) || n < NATIVE_GELU_MIN || !(x.rowMajor ?? isContiguous(x.shape, x.strides))) return false;
    this.params[0] = n;
    this.params[1] = x.offset;
    intoOut(out, (o) => this.addon.geluOneDnnF32(xd, o, this.params));
    return true;
  }

  /** Gelu's backward on dense float32 runs (Backend.geluBackward's contract). */
  geluBackward(g: View, x: View, out: View): boolean {
    const gd = f32(g), xd = f32(x);
    const n = numelOf(x.shape);
    if (!gd || !xd || !f32(out) || n < NATIVE_GELU_MIN || !dense(g) || !dense(x)) return false;
    const p = this.params;
    p[0] = n;
    p[1] = g.offset;
    p[2] = x.offset;
    intoOut(out, (o) => this.addon.geluBackwardF32(gd, xd, o, p));
    return true;
  }

  /** Layer norm rows (Backend.layerNorm's contract: dense float32 operands). */
  layerNorm(x: View, w: View | null, b: View | null, eps: number, rows: number, cols: number,
    y: View | null, mean: View | null, rstd: View | null): boolean {
    const xd = f32(x), wd = w === null ? null : f32(w), bd = b === null ? null : f32(b);
    if (!xd || (w !== null && !wd) || (b !== null && !bd) || rows * cols < NATIVE_LAYER_NORM_MIN || !outsF32(y, mean, rstd)) return false;
    const p = this.params;
    p[0] = rows;
    p[1] = cols;
    p[2] = x.offset;
    p[3] = w === null ? 0 : w.offset;
    p[4] = b === null ? 0 : b.offset;
    const [yo, mo, ro] = [y, mean, rstd].map(outArray);
    this.addon.layerNormF32(xd, wd, bd, yo!, mo!, ro!, eps, p);
    settle(y, yo!);
    settle(mean, mo!);
    settle(rstd, ro!);
    return true;
  }

  /** Its backward (Backend.layerNormBackward's contract). */
  layerNormBackward(dy: View, x: View, mean: View, rstd: View, w: View | null, rows: number, cols: number,
    dx: View | null, dw: View | null, db: View | null): boolean {
    const dyd = f32(dy), xd = f32(x), md = f32(mean), rd = f32(rstd), wd = w === null ? null : f32(w);
    if (!dyd || !xd || !md || !rd || (w !== null && !wd) || rows * cols < NATIVE_LAYER_NORM_MIN || !outsF32(dx, dw, db)) return false;
    const p = this.params;
    p[0] = rows;
    p[1] = cols;
    p[2] = dy.offset;
    p[3] = x.offset;
    p[4] = mean.offset;
    p[5] = rstd.offset;
    p[6] = w === null ? 0 : w.offset;
    const [xo, wo, bo] = [dx, dw, db].map(outArray);
    this.addon.layerNormBackwardF32(dyd, xd, md, rd, wd, xo!, wo!, bo!, p);
    settle(dx, xo!);
    settle(dw, wo!);
    settle(db, bo!);
    return true;
  }
}

const dense = (v: View): boolean => v.rowMajor ?? isContiguous(v.shape, v.strides);

/** Every given output is float32 on the host. */
const outsF32 = (...outs: (View | null)[]): boolean => outs.every((o) => o === null || f32(o) !== null);

/** Where the kernel writes an optional output: its dense elements or scratch (settled after). */
const outArray = (v: View | null): Float32Array | null => (v === null ? null : denseOut(v) as Float32Array);

function settle(v: View | null, o: Float32Array | null): void {
  if (v !== null && o !== null) settleOut(v, o);
}
