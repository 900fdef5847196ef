/**
 * Diagonals: diagonal (a view), diag, diagEmbed, trace, trilIndices / triuIndices. A diagonal is
 * a strided view (stride s1 + s2), so the gradient of every op here is "write into a diagonal of
 * zeros" or "read a diagonal", both differentiable, so double backward works.
 */
import { needsGrad, record } from '../autograd/record';
import type { DType } from '../dtype';
import { checkInt, normDim } from '../shape';
import { Tensor } from '../tensor';
import { alloc, fromHost, scalarTypeName } from './util';
import { copyInto } from './views';
import { checkOptions } from '../options';

interface DiagGeom { shape: number[]; strides: number[]; offset: number }

/** The geometry of the `offset`-th diagonal of dims (d1, d2) of a (shape, strides, start) window. */
function diagGeom(shape: readonly number[], strides: readonly number[], start: number, offset: number, d1: number, d2: number): DiagGeom {
  if (d1 === d2) throw new Error(`diagonal dimensions cannot be identical ${d1}, ${d2}`);
  const n1 = shape[d1]!, n2 = shape[d2]!;
  let len: number;
  let at = start;
  if (offset >= 0) {
    len = Math.max(Math.min(n1, n2 - offset), 0);
    if (len > 0) at += offset * strides[d2]!;
  } else {
    len = Math.max(Math.min(n1 + offset, n2), 0);
    if (len > 0) at -= offset * strides[d1]!;
  }
  const keep = shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
  return {
    shape: [...keep.map((i) => shape[i]!), len],
    strides: [...keep.map((i) => strides[i]!), strides[d1]! + strides[d2]!],
    offset: at,
  };
}

/** The gradient of diagonal: g written into the diagonal of zeros of `inShape`. */
function diagonalScatter(g: Tensor, inShape: readonly number[], offset: number, d1: number, d2: number): Tensor {
  const out = alloc(inShape.slice(), g.dtype, g.storage.device);
  const geom = diagGeom(out.shape, out.strides, 0, offset, d1, d2);
  if (g.numel() > 0) copyInto(new Tensor(out.storage, geom.shape, geom.strides, geom.offset, g.dtype), g);
  if (needsGrad(g)) record(out, 'DiagonalBackwardBackward0', [g], [], null, (gg) => [diagonal(gg, offset, d1, d2)]);
  return out;
}

/**
 * torch.diagonal: the `offset`-th diagonal of dims dim1, dim2, as a VIEW whose last dim runs
 * along the diagonal (the other dims keep their order).
 * @example diagonal(tensor([[1, 2], [3, 4]])) // [1, 4]
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  offset = checkInt(offset, 'diagonal', 'offset', 1);
  const nd = x.shape.length;
  const d1 = normDim(dim1, nd), d2 = normDim(dim2, nd);
  const geom = diagGeom(x.shape, x.strides, x.offset, offset, d1, d2);
  const out = new Tensor(x.storage, geom.shape, geom.strides, geom.offset, x.dtype);
  out.base = x.base ?? x;
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'DiagonalBackward0', [x], [], null, (g) => [diagonalScatter(g, inShape, offset, d1, d2)]);
  }
  return out;
}

/**
 * torch.diag_embed: a tensor whose (dim1, dim2) diagonal number `offset` holds x's last dim;
 * zeros elsewhere. The output has one more dim than x.
 * @example diagEmbed(tensor([1, 2])) // [[1, 0], [0, 2]]
 */
export function diagEmbed(x: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  offset = checkInt(offset, 'diag_embed', 'offset', 1);
  const nd = x.shape.length + 1;
  const d1 = normDim(dim1, nd), d2 = normDim(dim2, nd);
  if (d1 === d2) throw new Error(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const n = x.shape[x.shape.length - 1]! + Math.abs(offset);
  const batch = x.shape.slice(0, -1);
  const shape: number[] = [];
  for (let i = 0, b = 0; i < nd; i++) shape.push(i === d1 || i === d2 ? n : batch[b++]!);
  const out = alloc(shape, x.dtype, x.storage.device);
  const geom = diagGeom(out.shape, out.strides, 0, offset, d1, d2);
  if (x.numel() > 0) copyInto(new Tensor(out.storage, geom.shape, geom.strides, geom.offset, x.dtype), x);
  if (needsGrad(x)) record(out, 'DiagEmbedBackward0', [x], [], null, (g) => [diagonal(g, offset, d1, d2)]);
  return out;
}

/**
 * torch.diag: a 1-D x becomes a square matrix with x on diagonal `diagonal`; a 2-D x gives a copy
 * of that diagonal.
 * @example diag(tensor([[1, 2], [3, 4]]), 1) // [2]
 */
export function diag(x: Tensor, diagonal_ = 0): Tensor {
  diagonal_ = checkInt(diagonal_, 'diag', 'diagonal', 1);
  const nd = x.shape.length;
  if (nd !== 1 && nd !== 2) throw new Error('matrix or a vector expected');
  const out = nd === 1 ? diagEmbed(x.detach(), diagonal_, 0, 1) : diagonal(x.detach(), diagonal_, 0, 1).clone();
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'DiagBackward0', [x], [], null, (g) => [nd === 1 ? diagonal(g, diagonal_, 0, 1) : diagonalScatter(g, inShape, diagonal_, 0, 1)]);
  }
  return out;
}

/**
 * torch.trace: the sum of a matrix's main diagonal (integer inputs sum in int32 here, int64 in
 * PyTorch).
 * @example trace(tensor([[1, 2], [3, 4]])) // 5
 */
export function trace(x: Tensor): Tensor {
  if (x.shape.length !== 2) throw new Error(`trace: expected a matrix, but got tensor with dim ${x.shape.length}`);
  const out = diagonal(x.detach()).sum();
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'TraceBackward0', [x], [], null, (g) => [diagonalScatter(g.expand([Math.min(inShape[0]!, inShape[1]!)]), inShape, 0, 0, 1)]);
  }
  return out;
}

/** The (row, col) coordinates of a row x col matrix's lower (or upper) triangle, row-major. */
function triangleIndices(op: string, row: number, col: number, offset: number, opts: { dtype?: DType }, lower: boolean): Tensor {
  checkOptions(op, opts, ['dtype']);
  row = checkInt(row, op, 'row', 1);
  col = checkInt(col, op, 'col', 2);
  offset = checkInt(offset, op, 'offset', 3);
  if (row < 0) throw new Error(`row must be non-negative, got${row}`);
  if (col < 0) throw new Error(`col must be non-negative, got${col}`);
  const dtype = opts.dtype ?? 'int32';
  if (dtype !== 'int32') throw new TypeError(`"${op}" not implemented for '${scalarTypeName(dtype)}'`);
  const rs: number[] = [], cs: number[] = [];
  for (let i = 0; i < row; i++) {
    for (let j = 0; j < col; j++) {
      if (lower ? j - i <= offset : j - i >= offset) { rs.push(i); cs.push(j); }
    }
  }
  return fromHost(Int32Array.from([...rs, ...cs]), [2, rs.length], 'int32');
}

/**
 * torch.tril_indices: a [2, N] int32 tensor of the coordinates of the lower triangle (j - i <= offset).
 * @example trilIndices(3, 3) // [[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]]
 */
export function trilIndices(row: number, col: number, offset = 0, opts: { dtype?: DType } = {}): Tensor {
  return triangleIndices('tril_indices', row, col, offset, opts, true);
}

/** torch.triu_indices: the coordinates of the upper triangle (j - i >= offset), [2, N] int32. */
export function triuIndices(row: number, col: number, offset = 0, opts: { dtype?: DType } = {}): Tensor {
  return triangleIndices('triu_indices', row, col, offset, opts, false);
}
