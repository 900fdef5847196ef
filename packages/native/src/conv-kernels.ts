/**
 * The optional conv2d and max-pool Backend kernels on the addon (csrc/conv.cc, csrc/pool2d.cc):
 * dense float32 operands run in C++ (bit for bit the js oracle, core's backend/js/conv2d.ts),
 * anything else goes to the fallback's kernel unchanged.
 */
import { hostData, isContiguous, type Backend, type View, type WindowGeometry } from '@torchlet/core/backend';
import type { NativeAddon } from './addon';
import { f32, intoOut } from './layout';

/** v's float32 elements when it is row-major dense, else null. */
function denseF32(v: View): Float32Array | null {
  return isContiguous(v.shape, v.strides) ? f32(v) : null;
}

/** The geometry params every conv call takes: [N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, off0, off1, off2]. */
function convParams(p: Float64Array, x: readonly number[], o: number, g: WindowGeometry, offs: [number, number, number]): Float64Array {
  p.set(x, 0);
  p[4] = o;
  p.set(g.kernel, 5);
  p.set(g.stride, 7);
  p.set(g.padding, 9);
  p.set(g.dilation, 11);
  p.set(g.outSize, 13);
  p.set(offs, 15);
  return p;
}

type ConvKernels = Required<Pick<Backend, 'conv2d' | 'conv2dInputGrad' | 'conv2dWeightGrad' | 'maxPool2d' | 'maxPool2dBackward'>>;

/** The addon's conv and pool kernels, each handing what it does not take to `fallback`'s. */
export function nativeConvKernels(addon: NativeAddon, fallback: Backend): Partial<ConvKernels> {
  const fb = fallback;
  // A backend without the js oracle's kernels has nothing to fall back on: the ops then compose.
  if (!fb.conv2d || !fb.conv2dInputGrad || !fb.conv2dWeightGrad || !fb.maxPool2d || !fb.maxPool2dBackward) return {};
  const p = new Float64Array(18);
  return {
    conv2d(x, w, b, g, out) {
      const xd = denseF32(x), wd = denseF32(w), bd = b === null ? null : denseF32(b);
      if (!xd || !wd || (b !== null && !bd) || !f32(out)) return fb.conv2d!(x, w, b, g, out);
      convParams(p, x.shape, w.shape[0]!, g, [x.offset, w.offset, b?.offset ?? 0]);
      intoOut(out, (o) => addon.conv2dF32(xd, wd, bd, o, p));
    },
    conv2dInputGrad(gy, w, g, out) {
      const gd = denseF32(gy), wd = denseF32(w);
      if (!gd || !wd || !f32(out)) return fb.conv2dInputGrad!(gy, w, g, out);
      convParams(p, out.shape, w.shape[0]!, g, [gy.offset, w.offset, 0]);
      intoOut(out, (o) => addon.conv2dInputGradF32(gd, wd, o, p));
    },
    conv2dWeightGrad(gy, x, g, out) {
      const gd = denseF32(gy), xd = denseF32(x);
      if (!gd || !xd || !f32(out)) return fb.conv2dWeightGrad!(gy, x, g, out);
      convParams(p, x.shape, out.shape[0]!, g, [gy.offset, x.offset, 0]);
      intoOut(out, (o) => addon.conv2dWeightGradF32(gd, xd, o, p));
    },
    maxPool2d(x, g, out, indices) {
      const xd = denseF32(x), id = hostData(indices);
      if (!xd || !f32(out) || !(id instanceof Int32Array) || !isContiguous(indices.shape, indices.strides)) return fb.maxPool2d!(x, g, out, indices);
      p.set(x.shape, 0);
      p.set(g.kernel, 3);
      p.set(g.stride, 5);
      p.set(g.padding, 7);
      p.set(g.dilation, 9);
      p.set(g.outSize, 11);
      p[13] = x.offset;
      const io = indices.offset;
      intoOut(out, (o) => addon.maxPool2dF32(xd, o, io === 0 ? id : id.subarray(io), p));
    },
    maxPool2dBackward(gy, indices, out) {
      const gd = denseF32(gy), od = denseF32(out), id = hostData(indices);
      if (!gd || !od || !(id instanceof Int32Array) || !isContiguous(indices.shape, indices.strides)) return fb.maxPool2dBackward!(gy, indices, out);
      p[0] = gy.shape[0]!;
      p[1] = gy.shape[1]!;
      p[2] = out.shape[1]!;
      p[3] = gy.offset;
      p[4] = indices.offset;
      p[5] = out.offset;
      addon.maxPool2dBackwardF32(gd, id, od, p);
    },
  };
}
