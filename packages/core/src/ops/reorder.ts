/**
 * Copies that rearrange elements: flip, roll, repeat/tile, tril/triu, nonzero. Each forward is a
 * strided copy (flip reads through negative strides, repeat through zero strides); gradients are
 * the mirrored rearrangement.
 */
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { checkInt, checkIntList, contiguousStrides, fmtShape, normDim, normDims, numelOf } from '../shape';
import { checkAllocatable } from '../dtype';
import { Tensor } from '../tensor';
import { alloc, fromHost } from './util';
import { cat } from './join';
import { unbind } from './split';
import { checkHostReadable } from './devices';

/** A contiguous copy of the strided window (shape, strides, offset) on x's storage. */
function copyOf(x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const out = alloc(shape, x.dtype, x.storage.device);
  if (out.numel() > 0) backendOf(x).copy(new Tensor(x.storage, shape, strides, offset, x.dtype), out);
  return out;
}

/**
 * torch.flip: reverses the order of elements along the given dims (a copy).
 * @example flip(tensor([[1, 2], [3, 4]]), [1]) // [[2, 1], [4, 3]]
 */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const list = checkIntList(typeof dims === 'number' ? [dims] : dims, 'flip', 'dims');
  const ds = list.length === 0 ? [] : normDims(list, x.shape.length);
  const strides = x.strides.slice();
  let offset = x.offset;
  for (const d of ds) {
    if (x.shape.length === 0) continue;
    const n = x.shape[d]!;
    if (n > 0) offset += (n - 1) * strides[d]!;
    strides[d] = -strides[d]!;
  }
  const out = copyOf(x, x.shape.slice(), strides, offset);
  if (needsGrad(x)) record(out, 'FlipBackward0', [x], [], null, (g) => [flip(g, ds)]);
  return out;
}

/** torch.fliplr: flip along dim 1. */
export function fliplr(x: Tensor): Tensor {
  if (x.shape.length < 2) throw new Error('Input must be >= 2-d.');
  return flip(x, [1]);
}
/** torch.flipud: flip along dim 0. */
export function flipud(x: Tensor): Tensor {
  if (x.shape.length < 1) throw new Error('Input must be >= 1-d.');
  return flip(x, [0]);
}

/**
 * torch.roll: shifts elements along dims, wrapping around; without dims the flattened tensor is
 * rolled and the shape restored.
 * @example roll(tensor([1, 2, 3, 4]), 1) // [4, 1, 2, 3]
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const sh = checkIntList(typeof shifts === 'number' ? [shifts] : shifts, 'roll', 'shifts');
  if (dims === undefined) {
    if (sh.length !== 1) throw new Error(`shifts and dimensions must align. shifts: ${sh.length}, dims:0`);
    return roll(x.flatten(), sh, 0).view(x.shape);
  }
  const ds = typeof dims === 'number' ? [dims] : dims;
  if (sh.length === 0) throw new Error('`shifts` required');
  if (sh.length !== ds.length) throw new Error(`shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`);
  // An empty tensor rolls to a copy of itself (PyTorch's early return): the narrow + cat route
  // would hand one leaf two gradients to accumulate.
  if (x.numel() === 0) {
    for (const d of ds) normDim(d, x.shape.length);
    return x.clone();
  }
  let out = x;
  for (let i = 0; i < ds.length; i++) {
    const d = normDim(ds[i]!, x.shape.length);
    const n = x.shape.length === 0 ? 1 : x.shape[d]!;
    const s = n === 0 ? 0 : ((sh[i]! % n) + n) % n;
    out = s === 0 || x.shape.length === 0 ? out.clone() : cat([out.narrow(d, n - s, s), out.narrow(d, 0, n - s)], d);
  }
  return out;
}

/**
 * Tensor.repeat: tiles x `sizes[i]` times along each dim (leading extra sizes add dims).
 * @example tensor([1, 2]).repeat(2, 2) // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  sizes = checkIntList(sizes, 'repeat', 'repeats', 'SymInts');
  const nd = sizes.length;
  if (nd < x.shape.length) {
    throw new Error('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const pad = nd - x.shape.length;
  const inShape = [...new Array<number>(pad).fill(1), ...x.shape];
  const inStrides = [...new Array<number>(pad).fill(0), ...x.strides];
  const product = sizes.map((r, i) => r * inShape[i]!);
  const bad = product.find((s) => s < 0);
  if (bad !== undefined) throw new Error(`Trying to create tensor with negative dimension ${bad}: ${fmtShape(product)}`);
  // A negative repeat of an empty dim is allowed (the result is empty): read it as 0, never -0.
  const reps = sizes.map((r, i) => (inShape[i] === 0 ? 0 : r));
  const outShape = reps.map((r, i) => r * inShape[i]!);
  checkAllocatable(x.dtype, numelOf(outShape));
  // Read x as [r0, s0, r1, s1, ...] with zero strides over the repeats, then merge pairs.
  const pairShape: number[] = [], pairStrides: number[] = [];
  for (let i = 0; i < nd; i++) {
    pairShape.push(reps[i]!, inShape[i]!);
    pairStrides.push(0, inStrides[i]!);
  }
  const flat = copyOf(x, pairShape, pairStrides, x.offset);
  const out = new Tensor(flat.storage, outShape, contiguousStrides(outShape), 0, x.dtype);
  if (needsGrad(x)) {
    const xShape = x.shape.slice();
    const repeatDims = reps.map((_, i) => 2 * i);
    record(out, 'RepeatBackward0', [x], [], null, (g) => [
      g.reshape(pairShape).sum(repeatDims).reshape(xShape),
    ]);
  }
  return out;
}

/** torch.tile: repeat, with missing leading sizes taken as 1. */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  checkIntList(dims, 'tile', 'dims');
  const full = dims.length < x.shape.length ? [...new Array<number>(x.shape.length - dims.length).fill(1), ...dims] : dims;
  return repeat(x, full);
}

/** Keeps the entries on one side of the `diagonal`-th diagonal of the last two dims. */
function triangle(x: Tensor, diagonal: number, lower: boolean): Tensor {
  checkInt(diagonal, lower ? 'tril' : 'triu', 'diagonal', 1);
  const nd = x.shape.length;
  normDim(-2, nd);
  const rows = x.shape[nd - 2]!, cols = x.shape[nd - 1]!;
  const md = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) md[i * cols + j] = (lower ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
  }
  const mask = fromHost(md, [rows, cols], 'bool', x.storage.device);
  const out = alloc(x.shape.slice(), x.dtype, x.storage.device);
  backendOf(x).where(mask, x, alloc([], x.dtype, x.storage.device), out);
  if (needsGrad(x)) {
    record(out, lower ? 'TrilBackward0' : 'TriuBackward0', [x], [], null, (g) => [triangle(g, diagonal, lower)]);
  }
  return out;
}

/**
 * torch.tril: the lower triangle (j - i <= diagonal) of the last two dims, zeros elsewhere.
 * @example tril(ones(3, 3)) // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle(x, diagonal, true);
}

/** torch.triu: the upper triangle (j - i >= diagonal) of the last two dims, zeros elsewhere. */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle(x, diagonal, false);
}

/**
 * torch.nonzero: the int32 coordinates [n, ndim] of the non-zero entries, row-major; with
 * `{asTuple: true}` one 1-D tensor per dim instead.
 * @example nonzero(tensor([0, 3, 0, 4])) // [[1], [3]]
 */
export function nonzero(x: Tensor): Tensor;
export function nonzero(x: Tensor, opts: { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, opts: { asTuple?: boolean } = {}): Tensor | Tensor[] {
  if (x.storage.device !== 'cpu') checkHostReadable('nonzero', 'nonzero()', x);
  const nd = x.shape.length;
  const vd = x.toTypedArray();
  let n = 0;
  for (let i = 0; i < vd.length; i++) if (vd[i] !== 0) n++;
  const od = new Int32Array(n * nd);
  const pos = new Array<number>(nd).fill(0);
  for (let i = 0, k = 0; i < vd.length; i++) {
    if (vd[i] !== 0) for (let d = 0; d < nd; d++) od[k++] = pos[d]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++pos[d]! < x.shape[d]!) break;
      pos[d] = 0;
    }
  }
  const out = fromHost(od, [n, nd], 'int32', x.storage.device);
  if (opts.asTuple !== true) return out;
  if (nd === 0) return [alloc([n], 'int32', x.storage.device)];
  return unbind(out, 1).map((t) => t.contiguous());
}

/** torch.argwhere: the same as nonzero(x). */
export function argwhere(x: Tensor): Tensor {
  return nonzero(x);
}
