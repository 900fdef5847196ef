/** Random strided views for the native kernel tests (a seeded generator: failures replay). */
import { HostStorage, contiguousStrides, numelOf, type DType, type TypedArray, type View } from '@torchlet/core/backend';

/** mulberry32: a tiny deterministic generator, plenty for test data. */
export function makeRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform values in [-1, 1): an inline xorshift seeded from rng (a call per element is slow under jest). */
export function randomArray(rng: () => number, n: number, dtype: DType = 'float32'): TypedArray {
  const out = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  let x = (Math.floor(rng() * 4294967296) | 1) >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x / 2147483648 - 1;
  }
  return out;
}

/**
 * A view of `shape` laid out in memory in the dim order `order` (a permutation: order[0] is the
 * outermost stored dim), starting at `offset` inside a larger random buffer.
 */
export function stridedView(rng: () => number, shape: readonly number[], order: readonly number[], offset: number,
  dtype: DType = 'float32'): View {
  const stored = order.map((d) => shape[d]!);
  const storedStrides = contiguousStrides(stored);
  const strides = new Array<number>(shape.length).fill(0);
  order.forEach((d, i) => { strides[d] = storedStrides[i]!; });
  const data = randomArray(rng, offset + numelOf(shape) + 3, dtype);
  return { storage: new HostStorage(data), shape: [...shape], strides, offset, dtype };
}

export function contiguousView(data: TypedArray, shape: readonly number[], dtype: DType = 'float32'): View {
  return { storage: new HostStorage(data), shape: [...shape], strides: contiguousStrides(shape), offset: 0, dtype };
}

/** Runs a kernel into a fresh contiguous float32 output of `shape` and returns its elements. */
export function runInto(shape: readonly number[], kernel: (out: View) => void): Float32Array {
  const out = new Float32Array(numelOf(shape));
  kernel(contiguousView(out, shape));
  return out;
}

/** Elementwise equality where NaN equals NaN (bit patterns of NaN payloads may differ). */
export function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): { index: number; a: number; b: number } | null {
  if (a.length !== b.length) return { index: -1, a: a.length, b: b.length };
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (!(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)))) return { index: i, a: x, b: y };
  }
  return null;
}
