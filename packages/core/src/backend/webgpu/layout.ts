/**
 * Strided layouts for kernels. A kernel gets one parameter array (`meta`, array<i32> in WGSL):
 * a fixed header (element count, then kernel scalars), then the shape the threads walk and, per
 * operand, its element offset and strides on that shape (0 where it broadcasts). Dims every
 * operand walks densely together are merged first, so a contiguous op has rank 1 and the WGSL
 * index arithmetic (`offsetsWgsl`, rank compiled in) is one multiply-add per operand.
 */
import type { View } from '../types';

/** meta[0] is the thread count; meta[1..HEADER) are the kernel's own scalars. */
export const HEADER = 8;

export interface Walk {
  readonly strides: readonly number[];
  readonly offset: number;
}

/** v's strides on `shape` (right-aligned broadcasting: missing or size-1 dims get stride 0). */
export function expandTo(v: View, shape: readonly number[]): Walk {
  const lead = shape.length - v.shape.length;
  const strides = shape.map((s, d) => {
    if (d < lead) return 0;
    return v.shape[d - lead] === 1 && s !== 1 ? 0 : v.strides[d - lead]!;
  });
  return { strides, offset: v.offset };
}

/** A view walked on its own shape. */
export function own(v: View): Walk {
  return { strides: v.strides, offset: v.offset };
}

/** Drops size-1 dims and merges neighbours every walk steps through as one. */
export function collapse(shape: readonly number[], walks: readonly Walk[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = walks.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    // Merge into the previous kept dim when, for every walk, prev stride = this stride * size.
    if (last >= 0 && walks.every((w, k) => outStrides[k]![last] === w.strides[d]! * size)) {
      outShape[last] = outShape[last]! * size;
      walks.forEach((w, k) => { outStrides[k]![last] = w.strides[d]!; });
      continue;
    }
    outShape.push(size);
    walks.forEach((w, k) => outStrides[k]!.push(w.strides[d]!));
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * The meta array of an elementwise walk over `shape`: header (count, then `params` as i32 bits),
 * rank-many sizes, then per walk its offset and strides. Returns the array and its rank.
 */
export function walkMeta(shape: readonly number[], walks: readonly Walk[], params: readonly number[] = [], floatParams = true): { meta: Int32Array; rank: number } {
  const c = collapse(shape, walks);
  const rank = c.shape.length;
  const meta = new Int32Array(HEADER + rank + walks.length * (rank + 1));
  let n = 1;
  for (const s of shape) n *= s;
  meta[0] = n;
  writeParams(meta, params, floatParams);
  meta.set(c.shape, HEADER);
  walks.forEach((w, k) => {
    const at = HEADER + rank + k * (rank + 1);
    meta[at] = w.offset;
    meta.set(c.strides[k]!, at + 1);
  });
  return { meta, rank };
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);

/** A float's f32 bits as an i32 (read in WGSL with bitcast<f32>). */
export function f32Bits(v: number): number {
  F32[0] = v;
  return F32_BITS[0]!;
}

/** Kernel scalars into meta[1..]: floats as f32 bits, or integers as they are. */
export function writeParams(meta: Int32Array, params: readonly number[], asFloat: boolean): void {
  if (params.length > HEADER - 1) throw new Error('webgpu: too many kernel scalars');
  params.forEach((p, j) => { meta[1 + j] = asFloat ? f32Bits(p) : p; });
}

/**
 * WGSL that sets `o0..o{count-1}` (element offsets of each walk) for thread index `i`, with the
 * rank compiled in: a loop over dims from the last, dividing i by each size.
 */
export function offsetsWgsl(rank: number, count: number): string {
  return sectionWgsl(HEADER, rank, count, 'i', 'o');
}

/**
 * A walk section placed anywhere in meta (kernels with several index spaces, e.g. reductions):
 * `shape.length` sizes, then per walk its offset and strides. Returns the numbers and the rank.
 */
export function section(shape: readonly number[], walks: readonly Walk[]): { data: number[]; rank: number } {
  const c = collapse(shape, walks);
  const rank = c.shape.length;
  const data = [...c.shape];
  walks.forEach((w, k) => data.push(w.offset, ...c.strides[k]!));
  return { data, rank };
}

/** The WGSL of a section at meta[base]: sets `${name}0..` from the i32 expression `index`. */
export function sectionWgsl(base: number, rank: number, count: number, index: string, name: string): string {
  const lines: string[] = [];
  for (let k = 0; k < count; k++) lines.push(`  var ${name}${k} = prm[${base + rank + k * (rank + 1)}];`);
  if (rank > 0) lines.push(`  var ${name}rem = ${index};`);
  for (let d = rank - 1; d >= 0; d--) {
    lines.push(d === 0 ? `  { let c = ${name}rem;` : `  { let s = prm[${base + d}]; let c = ${name}rem % s; ${name}rem = ${name}rem / s;`);
    for (let k = 0; k < count; k++) lines.push(`    ${name}${k} += c * prm[${base + rank + k * (rank + 1) + 1 + d}];`);
    lines.push('  }');
  }
  return lines.join('\n');
}
