/**
 * What the product, softmax, loss, window, index, scan and sort kernels share on top of
 * dispatch.ts: a named parameter struct read from `meta` (array<i32>), rank-list parameters,
 * a dense output to write (through a temporary when out is strided), and small WGSL helpers.
 */
import type { DType } from '../../../dtype';
import { contiguousStrides, isContiguous } from '../../../shape';
import type { View } from '../../types';
import { f32Bits } from '../layout';
import { WebGpuStorage } from '../storage';
import { copyKernel } from './copy';

export type FieldType = 'u32' | 'i32' | 'f32';
export type Fields = readonly (readonly [string, FieldType])[];

/** WGSL: `struct Meta` with these fields and `fn params() -> Meta` reading them from the parameter array `prm`. */
export function metaWgsl(fields: Fields): string {
  const decl = fields.map(([n, t]) => `${n}: ${t}`).join(', ');
  const load = fields.map(([, t], i) => (t === 'i32' ? `prm[${i}]` : t === 'u32' ? `u32(prm[${i}])` : `bitcast<f32>(prm[${i}])`));
  return `struct Meta { ${decl} }\nfn params() -> Meta { return Meta(${load.join(', ')}); }\n`;
}

/** The meta array of `fields` from named values (f32 fields stored as their bits). */
export function packMeta(fields: Fields, values: Readonly<Record<string, number>>): Int32Array {
  const meta = new Int32Array(fields.length);
  fields.forEach(([n, t], i) => {
    const v = values[n];
    if (v === undefined) throw new Error(`webgpu kernel parameter ${n} missing`);
    meta[i] = t === 'f32' ? f32Bits(v) : v;
  });
  return meta;
}

/** Head words then rank-long lists, read in WGSL with `m(i)` (see M_WGSL). */
export function packLists(head: readonly number[], lists: readonly (readonly number[])[]): Int32Array {
  const meta = new Int32Array(head.length + lists.reduce((a, l) => a + l.length, 0));
  meta.set(head, 0);
  let at = head.length;
  for (const l of lists) { meta.set(l, at); at += l.length; }
  return meta;
}

export const M_WGSL = 'fn m(i: u32) -> u32 { return u32(prm[i]); }\n';

/** WGSL's NaN test on bits (a compiler may assume comparisons never see NaN); exp keeping NaN (SwiftShader's gives inf). */
export const NAN_WGSL = `fn isNan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
fn expF(v: f32) -> f32 { return select(exp(v), v, isNan(v)); }
`;

/** NaN and -inf as f32 (through a var: WGSL rejects a constant expression that is not finite). */
export const SPECIAL_WGSL = `fn nanF32() -> f32 { var b = 0x7fc00000u; return bitcast<f32>(b); }
fn negInfF32() -> f32 { var b = 0xff800000u; return bitcast<f32>(b); }
`;

/** A float's bits for a dtype's WGSL element (the pad / scalar values kernels take). */
export function valueBits(v: number, dtype: DType): number {
  if (dtype === 'float32') return f32Bits(v);
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  return v | 0;
}

export function numel(v: View): number {
  return v.elements ?? v.shape.reduce((a, b) => a * b, 1);
}

export function isDense(v: View): boolean {
  return v.rowMajor ?? isContiguous(v.shape, v.strides);
}

/** A dense view of a new storage of out's shape and dtype. */
export function denseTemp(shape: readonly number[], dtype: DType): View {
  const n = shape.reduce((a, b) => a * b, 1);
  return { storage: new WebGpuStorage(dtype, n), shape, strides: contiguousStrides(shape), offset: 0, dtype, rowMajor: true, elements: n };
}

/**
 * Runs `write` on a dense view holding out's elements in row-major order: out itself when dense,
 * else a temporary copied into out afterwards (filled from out first when the kernel accumulates).
 */
export function withDenseOut(out: View, write: (o: View) => void, accumulate = false): void {
  if (isDense(out)) {
    write(out);
    return;
  }
  const tmp = denseTemp(out.shape, out.dtype);
  if (accumulate) copyKernel(out, tmp);
  write(tmp);
  copyKernel(tmp, out);
}

/** A kernel's parameters for views of rank 0 as rank 1 (shape [1]). */
export function atLeast1(shape: readonly number[], strides: readonly number[]): [number[], number[]] {
  return shape.length === 0 ? [[1], [0]] : [shape.slice(), strides.slice()];
}
