/**
 * CPU memory: a storage is a host typed array, shared by every CPU backend (js, wasm, native and
 * the 'auto' router), so switching backends never moves data. Only backend code reads `data`;
 * everything else goes through the Backend interface. Also the helpers CPU kernels use to write
 * a strided `out`: run into its dense region when it has one, else into scratch and copy back.
 */
import type { TypedArray } from '../dtype';
import { isContiguous, numelOf } from '../shape';
import type { DeviceType, Storage, View } from './types';

/** A CPU storage: the typed array of its elements. */
export class HostStorage implements Storage {
  version = 0;
  constructor(readonly data: TypedArray) {}
  /** On the prototype, not a field: one storage per op output, so every field costs. */
  get device(): DeviceType {
    return 'cpu';
  }
}

/** The host array behind a CPU view; a clear error for a storage of another device. */
export function hostData(v: View): TypedArray {
  const s = v.storage;
  if (!(s instanceof HostStorage)) {
    throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${s.device} and cpu!`);
  }
  return s.data;
}

/** Whether v walks its elements densely in row-major order (the view's cached answer when it has one). */
export function isDense(v: View): boolean {
  return v.rowMajor ?? isContiguous(v.shape, v.strides);
}

/** A fresh array of `like`'s element type with its own buffer (never a slab view). */
function scratchLike(like: TypedArray, n: number): TypedArray {
  return new (like.constructor as new (n: number) => TypedArray)(n);
}

/**
 * Where a kernel writes `out` row-major from index 0: the view's own elements when it is dense
 * (the whole array when it spans it, the usual fresh output), else a scratch array that
 * `settleOut` copies into the view afterwards.
 */
export function denseOut(out: View): TypedArray {
  // A fresh output (a Tensor spanning its whole storage from 0) first: a few field reads.
  const st = out.storage;
  if (out.rowMajor === true && out.offset === 0 && st instanceof HostStorage && st.data.length === out.elements) return st.data;
  const d = hostData(out);
  const n = out.elements ?? numelOf(out.shape);
  if (!isDense(out)) return scratchLike(d, n);
  return d.subarray(out.offset, out.offset + n);
}

/** Finishes a kernel that wrote `o` (from denseOut(out)): copies scratch into a strided out. */
export function settleOut(out: View, o: TypedArray): void {
  // Dense exactly when denseOut handed out the view's own elements (a Tensor knows: one field
  // read). Not `o.buffer`: reading it moves a small on-heap typed array off the heap.
  if (isDense(out)) return;
  stridedWrite(hostData(out), out, o);
}

/** Writes row-major `src` into the strided view `dst` of `d` (same dtype). */
export function stridedWrite(d: TypedArray, dst: View, src: TypedArray): void {
  const nd = dst.shape.length;
  if (numelOf(dst.shape) === 0) return;
  let i = 0;
  const walk = (dim: number, off: number): void => {
    const n = dst.shape[dim]!, s = dst.strides[dim]!;
    if (dim === nd - 1) {
      for (let k = 0; k < n; k++) d[off + k * s] = src[i++]!;
      return;
    }
    for (let k = 0; k < n; k++) walk(dim + 1, off + k * s);
  };
  if (nd === 0) d[dst.offset] = src[0]!;
  else walk(0, dst.offset);
}
