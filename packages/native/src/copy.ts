/**
 * Backend.copy for float32 to float32 in the addon (csrc/copy.cc): any strides on both sides,
 * up to 8 dims, at least NATIVE_ELEMENTWISE_MIN elements, source and destination in different
 * buffers (an overlapping copy keeps the js kernel's element order). Returns false otherwise.
 */
import { hostData, numelOf, type View } from '@torchlet/core/backend';
import type { NativeAddon } from './addon';
import { NATIVE_ELEMENTWISE_MIN } from './kernels';

const MAX_DIMS = 8;
const params = new Float64Array(3 + 3 * MAX_DIMS);

export function nativeCopy(addon: NativeAddon, src: View, dst: View): boolean {
  const nd = dst.shape.length;
  if (src.dtype !== 'float32' || dst.dtype !== 'float32' || nd < 1 || nd > MAX_DIMS || src.shape.length !== nd) return false;
  if (numelOf(dst.shape) < NATIVE_ELEMENTWISE_MIN) return false;
  const s = hostData(src), d = hostData(dst);
  if (!(s instanceof Float32Array) || !(d instanceof Float32Array) || s.buffer === d.buffer) return false;
  params[0] = nd;
  params[1] = src.offset;
  params[2] = dst.offset;
  params.set(dst.shape, 3);
  params.set(src.strides, 3 + nd);
  params.set(dst.strides, 3 + 2 * nd);
  addon.copyF32(s, d, params);
  return true;
}
