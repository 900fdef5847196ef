/** Layout checks that decide whether a view can go to the native kernels as it is (no copy). */
import { denseOut, hostData, isContiguous, numelOf, settleOut, type View } from '@torchlet/core/backend';

/**
 * How often `v`, broadcast to `outShape`, repeats in the flat output: out element i reads
 * v.offset + (i mod period). Defined when v is contiguous over its non-broadcast trailing dims
 * and broadcast over every dim left of them (a bias row, a full tensor); null otherwise.
 */
export function broadcastPeriod(v: View, outShape: readonly number[]): number | null {
  const nd = outShape.length;
  const lead = nd - v.shape.length;
  let period = 1;
  let broadcasting = false;
  for (let d = nd - 1; d >= 0; d--) {
    const od = outShape[d]!;
    const vd = d >= lead ? v.shape[d - lead]! : 1;
    if (od === 1) continue;
    if (vd === 1) {
      broadcasting = true;
      continue;
    }
    if (broadcasting || v.strides[d - lead] !== period) return null;
    period *= vd;
  }
  return period;
}

/** Whether reduced `dims` are the trailing dims of a contiguous view: rows of `len` summed. */
export function trailingRows(v: View, dims: readonly number[]): { rows: number; len: number } | null {
  const nd = v.shape.length;
  if (!isContiguous(v.shape, v.strides)) return null;
  for (let i = 0; i < dims.length; i++) if (dims[i] !== nd - dims.length + i) return null;
  let len = 1;
  for (let d = nd - dims.length; d < nd; d++) len *= v.shape[d]!;
  return { rows: numelOf(v.shape) / Math.max(len, 1), len };
}

/** v's elements when it is float32 on the host (the only dtype the native kernels take), else null. */
export function f32(v: View): Float32Array | null {
  const d = hostData(v);
  return v.dtype === 'float32' && d instanceof Float32Array ? d : null;
}

/** Runs `kernel` into out's dense float32 elements, then settles them into out. */
export function intoOut(out: View, kernel: (o: Float32Array) => void): void {
  const o = denseOut(out);
  if (!(o instanceof Float32Array)) throw new TypeError(`native kernel: expected a float32 output, got ${out.dtype}`);
  kernel(o);
  settleOut(out, o);
}
