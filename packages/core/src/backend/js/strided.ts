/**
 * Strided iteration shared by the TypeScript kernels: walks an output shape row by row (the last
 * dim is the row) and hands each row's start offset in every operand to a loop. Contiguous
 * same-shape operands collapse into one row, so tiny tensors pay for one call, not one per row.
 */
export interface Operand {
  readonly strides: readonly number[];
  readonly offset: number;
}

export type RowVisitor = (offsets: Int32Array, len: number, lastStrides: Int32Array, outStart: number) => void;

/** Visits every row of `shape`; `ops[i]` gives operand i's strides (already broadcast to shape). */
export function forEachRow(shape: readonly number[], ops: readonly Operand[], visit: RowVisitor): void {
  const nd = shape.length;
  const k = ops.length;
  const offsets = new Int32Array(k);
  const last = new Int32Array(k);
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  for (let i = 0; i < k; i++) offsets[i] = ops[i]!.offset;
  if (nd === 0) {
    visit(offsets, 1, last, 0);
    return;
  }
  // Collapse to one row when every operand is contiguous over the whole shape.
  if (ops.every((o) => stridesAreContiguous(shape, o.strides))) {
    for (let i = 0; i < k; i++) last[i] = 1;
    visit(offsets, total, last, 0);
    return;
  }
  const len = shape[nd - 1]!;
  for (let i = 0; i < k; i++) last[i] = ops[i]!.strides[nd - 1]!;
  const rows = total / len;
  const idx = new Int32Array(nd);
  for (let r = 0; r < rows; r++) {
    visit(offsets, len, last, r * len);
    // Odometer increment over dims nd-2 .. 0, updating each operand's row offset.
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) {
        for (let i = 0; i < k; i++) offsets[i]! += ops[i]!.strides[d]!;
        break;
      }
      idx[d] = 0;
      for (let i = 0; i < k; i++) offsets[i]! -= ops[i]!.strides[d]! * (shape[d]! - 1);
    }
  }
}

export function stridesAreContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    if (d !== 1 && strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
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
