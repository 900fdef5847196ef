/**
 * Strided iteration shared by the TypeScript kernels. An output shape and each operand's strides
 * (already broadcast to that shape, 0 where broadcast) are coalesced: size-1 dims dropped and
 * neighbouring dims merged where every operand steps through them as one. What is left is walked
 * row by row (the last dim is the row), so a contiguous operand costs a single row.
 */
export interface Operand {
  readonly strides: readonly number[];
  readonly offset: number;
}

export type RowVisitor = (offsets: Int32Array, len: number, lastStrides: Int32Array, outStart: number) => void;

/** Dims after coalescing: `shape[d]` and `strides[i][d]` for operand i, outermost first. */
export interface Coalesced {
  shape: number[];
  strides: number[][];
}

/**
 * Merges dims that every operand traverses contiguously (stride[d] = stride[d+1] * shape[d+1])
 * and drops size-1 dims. Always returns at least one dim (size 1 for a 0-d shape).
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Coalesced {
  const k = strides.length;
  const outShape: number[] = [];
  const outStrides: number[][] = [];
  for (let i = 0; i < k; i++) outStrides.push([]);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    for (let i = 0; merge && i < k; i++) {
      const s = strides[i]![d]!;
      if (outStrides[i]![last]! !== s * size) merge = false;
    }
    if (merge) {
      outShape[last] = outShape[last]! * size;
      for (let i = 0; i < k; i++) outStrides[i]![last] = strides[i]![d]!;
    } else {
      outShape.push(size);
      for (let i = 0; i < k; i++) outStrides[i]!.push(strides[i]![d]!);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (let i = 0; i < k; i++) outStrides[i]!.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/** Visits every row of `shape`; `ops[i]` gives operand i's strides (already broadcast to shape). */
export function forEachRow(shape: readonly number[], ops: readonly Operand[], visit: RowVisitor): void {
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const k = ops.length;
  const c = coalesce(shape, ops.map((o) => o.strides));
  const nd = c.shape.length;
  const offsets = new Int32Array(k);
  const last = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    offsets[i] = ops[i]!.offset;
    last[i] = c.strides[i]![nd - 1]!;
  }
  const len = c.shape[nd - 1]!;
  const rows = total / len;
  if (rows === 1) {
    visit(offsets, len, last, 0);
    return;
  }
  const idx = new Int32Array(nd);
  for (let r = 0; r < rows; r++) {
    visit(offsets, len, last, r * len);
    // Odometer increment over dims nd-2 .. 0, updating each operand's row offset.
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < c.shape[d]!) {
        for (let i = 0; i < k; i++) offsets[i]! += c.strides[i]![d]!;
        break;
      }
      idx[d] = 0;
      for (let i = 0; i < k; i++) offsets[i]! -= c.strides[i]![d]! * (c.shape[d]! - 1);
    }
  }
}

/** Strides of a view read as if expanded to `target` (0 where broadcast). */
export function expandStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const n = target.length;
  const off = n - shape.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const j = i - off;
    out[i] = j < 0 || shape[j] === 1 ? 0 : strides[j]!;
  }
  return out;
}
