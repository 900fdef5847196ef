/**
 * Views for the backend conformance spec (backend-spec.ts): random strided inputs in every
 * layout, outputs allocated by the backend under test in any layout, and the checks that compare
 * them. Everything reaches elements through the Backend interface (fromHost, alloc, read).
 */
import { Tensor, type DType, type TypedArray } from '@torchlet/core';
import { contiguousStrides, getBackend, type Backend, type Storage, type View } from '@torchlet/core/backend';

export type Layout = 'contiguous' | 'transposed' | 'stepped' | 'offset' | 'broadcast';
export const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'stepped', 'offset', 'broadcast'];
/** The layouts a kernel can write: every element its own place (no broadcast). */
export const OUT_LAYOUTS: Layout[] = ['contiguous', 'transposed', 'offset', 'stepped'];

/** Deterministic uniform draws in [0, 1) (a 32-bit LCG: the tests must not depend on torch RNG). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function makeArray(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': case 'int64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
    case 'float16': case 'bfloat16': return new Uint16Array(n);
    case 'uint8': return new Uint8Array(n);
    case 'int8': return new Int8Array(n);
    case 'int16': return new Int16Array(n);
  }
}

/** Elements of each storage the spec made (to read it whole and check what a kernel left alone). */
const storageSizes = new WeakMap<Storage, number>();

/**
 * For a view made on another device than the CPU: the same view on a CPU storage holding the same
 * elements, which the js oracle reads in its place (`oracleArgs`).
 */
const hostTwins = new WeakMap<Tensor, Tensor>();

/** args with each tensor that has a CPU twin replaced by it (what the js oracle is called with). */
export function oracleArgs(args: unknown[]): unknown[] {
  return args.map((a) => (a instanceof Tensor ? hostTwins.get(a) ?? a : a));
}

function twin(b: Backend, t: Tensor, data: TypedArray): Tensor {
  if (b.device !== 'cpu') hostTwins.set(t, new Tensor(getBackend('js').fromHost(data.slice()), t.shape, t.strides, t.offset, t.dtype));
  return t;
}

interface Placement { readonly size: number; readonly strides: number[]; readonly offset: number }

/** Where a view of `shape` laid out as `layout` sits in a storage of `size` elements. */
function place(shape: readonly number[], layout: Layout): Placement {
  const nd = shape.length;
  let phys = shape.slice();
  let perm = shape.map((_, i) => i);
  let step = 1, offset = 0;
  if (layout === 'transposed' && nd >= 2) { perm = [...perm.slice(0, -2), nd - 1, nd - 2]; phys = perm.map((p) => shape[p]!); }
  if (layout === 'stepped') step = 2;
  if (layout === 'offset') offset = 3;
  const broadcastDim = layout === 'broadcast' ? shape.findIndex((n) => n > 1) : -1;
  if (broadcastDim >= 0) phys[perm.indexOf(broadcastDim)] = 1;
  // Stepped: allocate the last dim `step` times longer and take every step-th element.
  const allocShape = phys.map((n, i) => (i === phys.length - 1 ? n * step : n));
  const physStrides = contiguousStrides(allocShape).map((s, i) => (i === phys.length - 1 ? step : s));
  let size = offset + 1;
  phys.forEach((n, i) => { size += (n - 1) * physStrides[i]!; });
  const strides = shape.map((_, d) => (d === broadcastDim ? 0 : physStrides[perm.indexOf(d)]!));
  return { size: Math.max(size, 1), strides, offset };
}

/**
 * A view of the given logical shape laid out as `layout` on a storage of backend b, filled from
 * `rnd`: floats in [lo, hi) (with a few exact zeros and ones), ints in [lo, hi), bools at random.
 */
export function makeView(b: Backend, shape: number[], dtype: DType, layout: Layout, rnd: () => number, lo = -2, hi = 2): Tensor {
  const { size, strides, offset } = place(shape, layout);
  const data = makeArray(dtype, size);
  for (let i = 0; i < data.length; i++) {
    const u = rnd();
    if (dtype === 'bool') data[i] = u < 0.5 ? 1 : 0;
    else if (dtype === 'int32') data[i] = Math.floor(lo + (hi - lo) * u);
    else data[i] = u < 0.05 ? 0 : u < 0.1 ? 1 : lo + (hi - lo) * rnd();
  }
  const copy = data.slice(); // b.fromHost may take data over
  const storage = b.fromHost(data);
  storageSizes.set(storage, size);
  return twin(b, new Tensor(storage, shape, strides, offset, dtype), copy);
}

/** A zeroed output of backend b laid out as `layout` (contiguous: contiguousStrides, offset 0). */
export function makeOutput(b: Backend, shape: number[], dtype: DType, layout: Layout = 'contiguous'): Tensor {
  const { size, strides, offset } = place(shape, layout);
  const storage = b.alloc(dtype, size);
  storageSizes.set(storage, size);
  return twin(b, new Tensor(storage, shape, strides, offset, dtype), makeArray(dtype, size));
}

/** Every element of v's storage, read through b as one contiguous run (readAsync: every device has it). */
export async function wholeStorage(b: Backend, v: View): Promise<TypedArray> {
  const size = storageSizes.get(v.storage);
  if (size === undefined) throw new Error('wholeStorage: not a storage made by the spec');
  return b.readAsync(new Tensor(v.storage, [size], [1], 0, v.dtype));
}

/** The storage positions of v's elements in row-major order (computed here, not by a backend). */
export function positions(v: View): number[] {
  const out: number[] = [];
  const walk = (d: number, off: number): void => {
    if (d === v.shape.length) {
      out.push(off);
      return;
    }
    for (let i = 0; i < v.shape[d]!; i++) walk(d + 1, off + i * v.strides[d]!);
  };
  walk(0, v.offset);
  return out;
}

/** Equal within `rtol` relative, plus `atol` (sums of many terms need a tolerance on their size). */
export function expectSame(got: TypedArray, want: TypedArray, what: string, atol = 1e-6, rtol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) throw new Error(`${what}: element ${i} is ${g}, expected NaN`);
      continue;
    }
    if (g === w) continue;
    if (Math.abs(g - w) > rtol * Math.abs(w) + atol) throw new Error(`${what}: element ${i} is ${g}, expected ${w}`);
  }
}

/** A kernel wrote only its out view: the storage's other elements (zeroed by alloc) are still 0. */
export async function expectUntouched(b: Backend, out: View, what: string): Promise<void> {
  const all = await wholeStorage(b, out);
  const inside = new Set(positions(out));
  for (let i = 0; i < all.length; i++) {
    if (!inside.has(i) && all[i] !== 0) throw new Error(`${what}: wrote ${all[i]} at storage position ${i}, outside its out view`);
  }
}
