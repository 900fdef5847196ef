/**
 * More index ops: take, takeAlongDim, narrowCopy, indexCopy, indexFill, indexPut, repeatInterleave.
 * Forwards run the gather / scatter / indexSelect kernels; each gradient is written in
 * differentiable index ops, so double backward works. Index tensors are int32 (PyTorch: int64);
 * they are read on the host only to check ranges, as PyTorch checks them before writing. On a
 * device that reads only asynchronously (webgpu) nothing is checked: indices wrap on the device
 * and an out-of-range one becomes a large negative, which the kernels skip (a gather reads NaN, or 0 for ints).
 */
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, checkInt, fmtShape, normDim, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { alloc, fromHost, scalarTypeName } from './util';
import { gather, indexAdd, indexSelect, scatterRaw } from './indexing';
import { inplaceVia } from './inplace';
import { narrow } from './views';
import { index, setIndex, slice } from './slicing';
import { sumToShape, where } from './binary';
import { checkHostOp, checkHostReadable } from './devices';
import { indexInt32, indicesInt32 } from './index-dtype';

/** index (0-d or 1-D) seen with `shape` (stride 0 off `d`): one entry per element of a slab. */
function spread(index: Tensor, d: number, shape: readonly number[]): Tensor {
  const strides = shape.map((_, i) => (i === d && index.shape.length > 0 ? index.strides[0]! : 0));
  return new Tensor(index.storage, shape.slice(), strides, index.offset, 'int32');
}

/** 0-d tensors act as [1] (PyTorch's index ops treat a scalar self as one element along dim 0). */
function asVector(t: Tensor): Tensor {
  return t.shape.length === 0 ? new Tensor(t.storage, [1], [1], t.offset, t.dtype) : t;
}

/** An out-of-range entry off the CPU: negative past any size, so checking it again never wraps it into range. */
const SKIP = -(2 ** 30);

/**
 * Checks every entry of an int32 index against [-size, size) (negatives wrapping when `wrap`);
 * the wrapped entries as a flat index on `device`.
 */
function checkBounds(index: Tensor, size: number, wrap: boolean, msg: (v: number) => string, device = index.storage.device): Tensor {
  if (index.storage.device !== 'cpu') {
    const v = index.to(device).reshape([-1]);
    const ok = v.ge(wrap ? -size : 0).logicalAnd(v.lt(size));
    return where(ok, wrap ? where(v.lt(0), v.add(size), v) : v, SKIP);
  }
  const id = Int32Array.from(index.toTypedArray());
  for (let k = 0; k < id.length; k++) {
    const v = id[k]!;
    if (v >= size || v < (wrap ? -size : 0)) throw new RangeError(msg(v));
    if (v < 0) id[k] = v + size;
  }
  return fromHost(id, [id.length], 'int32', device);
}

/**
 * torch.take: x read as a flat (row-major) vector at `index`; the result has index's shape.
 * Negative indices count from the end.
 * @example take(tensor([[4, 3], [5, 6]]), tensor([0, -1])) // [4, 6]
 */
export function take(x: Tensor, index: Tensor): Tensor {
  index = indexInt32(index);
  if (index.dtype !== 'int32') throw new TypeError(`take(): Expected a long tensor for index, but got ${scalarTypeName(index.dtype)}`);
  const n = x.numel();
  if (n === 0 && index.numel() > 0) throw new RangeError('take(): tried to take from an empty tensor');
  const flatIndex = checkBounds(index, n, true, (v) => `out of range: tried to access index ${v} on a tensor of ${n} elements.`, x.storage.device);
  const out = indexSelect(x.detach().reshape([-1]), 0, flatIndex).view(index.shape);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'TakeBackward0', [x], [flatIndex], null, (g, s) =>
      [indexAdd(alloc([n], g.dtype, g.storage.device), 0, s[0]!, g.reshape([-1])).view(inShape)]);
  }
  return out;
}

/**
 * torch.take_along_dim: gather after broadcasting x and indices (all dims but `dim`); without
 * dim, x is flattened first.
 * @example takeAlongDim(x, x.argmax(1, { keepdim: true }), 1) // the row maxima
 */
export function takeAlongDim(x: Tensor, indices: Tensor, dim?: number): Tensor {
  indices = indexInt32(indices);
  if (indices.dtype !== 'int32') {
    throw new TypeError(`torch.take_along_dim(): dtype of indices should be Long but got ${scalarTypeName(indices.dtype)}`);
  }
  // PyTorch flattens with view: a non-contiguous input raises its view error.
  if (dim === undefined) return gatherChecked(x.view([-1]), 0, indices.view([-1]));
  const d = normDim(dim, x.shape.length);
  if (x.shape.length !== indices.shape.length) {
    throw new Error(`torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${x.shape.length} dimensions for input, and ${indices.shape.length} dimensions for indices`);
  }
  const xs = x.shape.slice(), is = indices.shape.slice();
  xs[d] = indices.shape[d]!;
  const idxShape = broadcastShapes(xs, indices.shape);
  is[d] = x.shape[d]!;
  const inShape = broadcastShapes(is, x.shape);
  return gatherChecked(x.expand(inShape), d, indices.expand(idxShape));
}

function gatherChecked(x: Tensor, d: number, index: Tensor): Tensor {
  const size = x.shape.length === 0 ? 1 : x.shape[d]!;
  if (index.storage.device === 'cpu') checkBounds(index, size, false, (v) => `index ${v} is out of bounds for dimension ${d} with size ${size}`);
  return gather(x, d, index);
}

/**
 * torch.narrow_copy: narrow(x, dim, start, length) as a new contiguous tensor (differentiable,
 * as in PyTorch 2.x; 1.13 had no gradient for it).
 */
export function narrowCopy(x: Tensor, dim: number, start: number, length: number): Tensor {
  return narrow(x, dim, start, length).clone();
}

function indexCopyChecks(x: Tensor, d: number, index: Tensor, source: Tensor): void {
  if (index.shape.length > 1) throw new RangeError(`index_copy_(): Index should have dimension 1 or 0 (got ${index.shape.length})`);
  const m = index.numel();
  if (source.shape.length > 0 && m !== source.shape[d]) {
    throw new RangeError(`index_copy_(): Number of indices (${m}) should be equal to source.size(dim) (${source.shape[d]})`);
  }
  if (index.dtype !== 'int32') throw new TypeError(`index_copy_(): Expected a long tensor for index, but got ${scalarTypeName(index.dtype)}`);
  if (x.dtype !== source.dtype) {
    throw new TypeError(`index_copy_(): self and source expected to have the same dtype, but got (self) ${scalarTypeName(x.dtype)} and (source) ${scalarTypeName(source.dtype)}`);
  }
  if (x.shape.length > 0 && source.shape.length > 0 && x.shape.length !== source.shape.length) {
    throw new RangeError(`index_copy_(): When source and destination are not scalars, their dimensionality must match. Source dimensionality (${source.shape.length}), destination dimensionality (${x.shape.length})`);
  }
  for (let i = 0; i < source.shape.length; i++) {
    if (i !== d && x.shape.length > 0 && source.shape[i] !== x.shape[i]) {
      const k = i < d ? i : i - 1;
      throw new Error(`index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: ${x.shape[i]} at dimension ${k} and source slice shape: ${source.shape[i]} at dimension ${k}.`);
    }
  }
  const size = x.shape.length === 0 ? 1 : x.shape[d]!;
  if (index.storage.device === 'cpu') checkBounds(index, size, false, (v) => `index_copy_(): index ${v} is out of bounds for dimension ${d} with size ${size}`);
}

function indexCopyRaw(x: Tensor, d: number, index: Tensor, source: Tensor): Tensor {
  const src = asVector(source);
  const out = scatterRaw(asVector(x), d, spread(index, d, src.shape), src, 'none');
  return x.shape.length === 0 ? out.view([]) : out;
}

/**
 * torch.index_copy: a copy of x with the slices `index` along dim replaced by source's slices.
 * @example indexCopy(zeros(3, 2), 0, tensor([2, 0]), tensor([[1, 1], [2, 2]])) // rows 2 and 0 set
 */
export function indexCopy(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  indexCopyChecks(x, d, index, source);
  const out = indexCopyRaw(x, d, index, source);
  if (needsGrad(x, source)) {
    const srcShape = source.shape.slice();
    record(out, 'IndexCopyBackward0', [x, source], [index], null, (g, s) => [
      indexFill(g, d, s[0]!, 0), indexSelect(g, d, s[0]!).reshape(srcShape),
    ]);
  }
  return out;
}

/** x.index_copy_(dim, index, source): in place; checked before anything is written. */
export function indexCopy_(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  indexCopyChecks(x, d, index, source);
  return inplaceVia(x, source, (old) => indexCopy(old, d, index, source), () => indexCopyRaw(x, d, index, source));
}

function indexFillChecks(x: Tensor, d: number, index: Tensor, value: number | boolean | Tensor): Tensor {
  if (index.shape.length > 1) throw new Error('Index has to be a vector/scalar');
  if (index.dtype !== 'int32') throw new RangeError('index_fill_(): Expected dtype int64 for index.');
  if (value instanceof Tensor && value.shape.length !== 0) {
    throw new Error(`index_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.shape.length} dimension(s).`);
  }
  const size = x.shape.length === 0 ? 1 : x.shape[d]!;
  return checkBounds(index, size, true, (v) => `index ${v} is out of bounds for dimension ${d} with size ${size}`, x.storage.device);
}

function indexFillRaw(x: Tensor, d: number, wrapped: Tensor, value: number | boolean | Tensor): Tensor {
  const xv = asVector(x);
  const shape = xv.shape.slice();
  shape[d] = wrapped.numel();
  const src = value instanceof Tensor ? value.detach().to(x.dtype).expand(shape) : typeof value === 'boolean' ? Number(value) : value;
  const out = scatterRaw(xv, d, spread(wrapped, d, shape), src, 'none');
  return x.shape.length === 0 ? out.view([]) : out;
}

/**
 * torch.index_fill: a copy of x with the slices `index` along dim set to `value` (a number or a
 * 0-d tensor, which gets the gradient summed over the filled elements).
 * @example indexFill(zeros(2, 3), 1, tensor([0, 2]), 5) // [[5, 0, 5], [5, 0, 5]]
 */
export function indexFill(x: Tensor, dim: number, index: Tensor, value: number | boolean | Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  const wrapped = indexFillChecks(x, d, index, value);
  const out = indexFillRaw(x, d, wrapped, value);
  const v = value instanceof Tensor ? value : null;
  if (needsGrad(x, v)) {
    const vDtype = v?.dtype;
    // value's gradient counts each filled slice once, repeated indices or not (PyTorch dedupes);
    // off the CPU, through a 0/1 mask of the filled slices (no host read)
    const onHost = wrapped.storage.device === 'cpu';
    const ids = onHost ? Int32Array.from(new Set(wrapped.toTypedArray())) : new Int32Array(0);
    const unique = onHost ? fromHost(ids, [ids.length], 'int32', x.storage.device) : wrapped;
    record(out, v === null ? 'IndexFillBackward0' : 'IndexFillBackward1', [x, v], [wrapped, unique], null, (g, s) => [
      indexFill(g, d, s[0]!, 0),
      vDtype === undefined ? null
        : onHost ? indexSelect(g.shape.length === 0 ? g.reshape([1]) : g, d, s[1]!).sum().to(vDtype)
          : g.sub(indexFill(g, d, s[0]!, 0)).sum().to(vDtype),
    ]);
  }
  return out;
}

export function indexFill_(x: Tensor, dim: number, index: Tensor, value: number | boolean | Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  const wrapped = indexFillChecks(x, d, index, value);
  const v = value instanceof Tensor ? value : null;
  return inplaceVia(x, v, (old) => indexFill(old, d, wrapped, value), () => indexFillRaw(x, d, wrapped, value));
}

/** indexPut's keyword option. */
export interface IndexPutOptions {
  /** Add values at the indexed positions instead of overwriting; repeated positions sum. */
  accumulate?: boolean;
}

/** PyTorch's checks, before anything is written: index tensors, count, dtypes, value shape. */
function indexPutChecks(x: Tensor, indices: readonly Tensor[], values: Tensor): void {
  let used = 0;
  for (const t of indices) {
    if (!(t instanceof Tensor)) throw new TypeError('expected Tensor as element 0 in argument 0, but got NoneType');
    used += t.dtype === 'bool' ? Math.max(t.shape.length, 1) : 1;
  }
  if (used > x.shape.length) throw new RangeError(`too many indices for tensor of dimension ${x.shape.length} (got ${used})`);
  if (values.dtype !== x.dtype) {
    throw new TypeError(`Index put requires the source and destination dtypes match, got ${scalarTypeName(x.dtype)} for the destination and ${scalarTypeName(values.dtype)} for the source.`);
  }
  const target = index(x.detach(), ...indices).shape;
  let fits: boolean;
  try { fits = shapeEquals(broadcastShapes(values.shape, target), target); } catch { fits = false; }
  if (!fits) throw new Error(`shape mismatch: value tensor of shape ${fmtShape(values.shape)} cannot be broadcast to indexing result of shape ${fmtShape(target)}`);
}

/** The values written into a copy of x, no autograd. */
function indexPutRaw(x: Tensor, indices: readonly Tensor[], values: Tensor, accumulate: boolean): Tensor {
  const out = x.detach().clone();
  return setIndex(out, indices.length === 0 ? [slice()] : indices.slice(), values.detach(), { accumulate });
}

/**
 * torch.index_put: a copy of x with `x[indices] = values` for a tuple of index tensors (int32 or
 * bool, broadcast together as advanced indexing; values broadcast to the result); `accumulate`
 * sums into x, duplicate positions included.
 * @example indexPut(zeros(3), [tensor([0, 0])], tensor(1.5), { accumulate: true }) // [3, 0, 0]
 */
export function indexPut(x: Tensor, indices: readonly Tensor[], values: Tensor, opts: IndexPutOptions = {}): Tensor {
  checkOptions('index_put', opts, ['accumulate']);
  indices = indicesInt32(indices);
  indexPutChecks(x, indices, values);
  const accumulate = opts.accumulate ?? false;
  const out = indexPutRaw(x, indices, values, accumulate);
  if (needsGrad(x, values)) {
    const vShape = values.shape.slice();
    const items = indices.slice();
    record(out, 'IndexPutBackward0', [x, values], items, null, (g, s) => [
      accumulate ? g : indexPut(g, s, alloc([], g.dtype, g.storage.device)),
      sumToShape(index(g, ...s), vShape),
    ]);
  }
  return out;
}

/** x.index_put_(indices, values): in place; checked before anything is written. */
export function indexPut_(x: Tensor, indices: readonly Tensor[], values: Tensor, opts: IndexPutOptions = {}): Tensor {
  checkOptions('index_put_', opts, ['accumulate']);
  indices = indicesInt32(indices);
  indexPutChecks(x, indices, values);
  const accumulate = opts.accumulate ?? false;
  return inplaceVia(x, values, (old) => indexPut(old, indices, values, opts), () => indexPutRaw(x, indices, values, accumulate));
}

/** repeatInterleave's keyword option. */
export interface RepeatInterleaveOptions {
  /** The total length along dim, when known (PyTorch checks it). */
  outputSize?: number;
}

/** [0, 0, 1, 2, 2, ...]: position i repeated reps[i] times. */
function repeatIndex(reps: ArrayLike<number>, outputSize: number | undefined): Int32Array {
  let total = 0;
  for (let i = 0; i < reps.length; i++) {
    if (reps[i]! < 0) throw new Error('repeats can not be negative');
    total += reps[i]!;
  }
  if (outputSize !== undefined && outputSize !== total) throw new Error('allocated size does not match required size');
  const out = new Int32Array(total);
  for (let i = 0, k = 0; i < reps.length; i++) for (let r = 0; r < reps[i]!; r++) out[k++] = i;
  return out;
}

/**
 * torch.repeat_interleave: each slice of x along dim repeated `repeats` times (a number, or one
 * count per slice); without dim, x is flattened. Called with only an int32 tensor of counts, it
 * returns the repeated positions `[0, 0, 1, ...]`.
 * @example repeatInterleave(tensor([1, 2]), 2) // [1, 1, 2, 2]
 * @example repeatInterleave(tensor([2, 1])) // [0, 0, 1]
 */
export function repeatInterleave(repeats: Tensor): Tensor;
export function repeatInterleave(x: Tensor, repeats: number | Tensor, dim?: number, opts?: RepeatInterleaveOptions): Tensor;
export function repeatInterleave(x: Tensor, repeats?: number | Tensor, dim?: number, opts: RepeatInterleaveOptions = {}): Tensor {
  checkOptions('repeat_interleave', opts, ['outputSize']);
  if (repeats === undefined) {
    if (x.shape.length !== 1) throw new Error('repeat_interleave only accept 1D vector as repeat');
    if (x.dtype !== 'int32' && x.dtype !== 'int64') throw new TypeError(`"repeat_interleave_cpu" not implemented for '${scalarTypeName(x.dtype)}'`);
    checkHostReadable('repeat_interleave', 'repeatInterleave()', x);
    const id = repeatIndex(x.toTypedArray(), opts.outputSize);
    const positions = fromHost(id, [id.length], 'int32', x.storage.device);
    return x.dtype === 'int64' ? positions.to('int64') : positions;
  }
  const input = dim === undefined ? x.reshape([-1]) : x;
  const d = dim === undefined ? 0 : normDim(dim, x.shape.length);
  const n = input.shape.length === 0 ? 1 : input.shape[d]!;
  let reps: ArrayLike<number>;
  if (typeof repeats === 'number') {
    const r = checkInt(repeats, 'repeat_interleave', 'repeats', 2);
    if (r < 0) throw new Error('repeats can not be negative');
    reps = new Array<number>(n).fill(r);
  } else {
    if (repeats.shape.length > 1) throw new Error('repeats must be 0-dim or 1-dim tensor');
    if (repeats.dtype !== 'int32' && repeats.dtype !== 'int64') throw new TypeError(`"repeat_interleave_cpu" not implemented for '${scalarTypeName(repeats.dtype)}'`);
    checkHostOp('repeat_interleave', "Its repeats set the result's size: pass them on the CPU (the input may stay), x.repeatInterleave(await repeats.toAsync('cpu'), dim)", repeats);
    const rd = repeats.toTypedArray();
    if (rd.length === 1) reps = new Array<number>(n).fill(rd[0]!);
    else if (rd.length === n) reps = rd;
    else throw new Error('repeats must have the same size as input along dim');
  }
  const id = repeatIndex(reps, opts.outputSize);
  return indexSelect(input, d, fromHost(id, [id.length], 'int32', x.storage.device));
}
