/**
 * Index-driven copies: gather, scatter (plain, add, reduce), indexSelect, indexAdd. Forwards are
 * backend kernels over strided views; each gradient is the opposite index op, so double backward
 * works. Integer indices are int32 (our stand-in for PyTorch's int64).
 */
import { checkedCast } from '../dtype';
import type { ScatterReduce, View } from '../backend/types';
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { fmtShape, normDim } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';
import { inplaceVia } from './inplace';
import { sliceEmbed } from './views';
import { indexInt32 } from './index-dtype';

/** 0-dim tensors act as 1-element vectors in index ops (PyTorch's ensure_nonempty_dim). */
function lift(t: Tensor): Tensor {
  return t.shape.length === 0 ? new Tensor(t.storage, [1], [1], t.offset, t.dtype) : t;
}
function sizeAt(t: Tensor, i: number): number {
  return t.shape.length === 0 ? 1 : t.shape[i]!;
}

function checkIndexDtype(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new TypeError(`${op}(): Expected dtype int32 for index`);
}

function gatherChecks(x: Tensor, d: number, index: Tensor): void {
  checkIndexDtype('gather', index);
  if (Math.max(index.shape.length, 1) !== Math.max(x.shape.length, 1)) {
    throw new Error('Index tensor must have the same number of dimensions as input tensor');
  }
  if (index.numel() === 0) return;
  for (let i = 0; i < Math.max(x.shape.length, 1); i++) {
    if (i !== d && sizeAt(index, i) > sizeAt(x, i)) {
      throw new Error(`Size does not match at dimension ${i} expected index ${fmtShape(index.shape)} to be smaller than self ${fmtShape(x.shape)} apart from dimension ${d}`);
    }
  }
}

/**
 * torch.gather: `out[i][j] = x[i][index[i][j]]` along `dim` (out has index's shape).
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0, 0], [1, 0]])) // [[1, 1], [4, 3]]
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  gatherChecks(x, d, index);
  const out = alloc(index.shape.slice(), x.dtype, x.storage.device);
  if (out.numel() > 0) backendOf(x).gather(lift(x), d, lift(index), lift(out));
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'GatherBackward0', [x], [index], null, (g, s) => [scatterAdd(alloc(inShape, g.dtype, g.storage.device), d, s[0]!, g)]);
  }
  return out;
}

export function scatterChecks(op: string, self: Tensor, d: number, index: Tensor, src: Tensor | null): void {
  checkIndexDtype(op, index);
  const nd = Math.max(self.shape.length, 1);
  if (Math.max(index.shape.length, 1) !== nd) throw new Error('Index tensor must have the same number of dimensions as self tensor');
  if (src !== null) {
    if (Math.max(src.shape.length, 1) !== nd) throw new Error('Index tensor must have the same number of dimensions as src tensor');
    if (src.dtype !== self.dtype) throw new TypeError(`${op}(): Expected self.dtype to be equal to src.dtype`);
  }
  if (index.numel() === 0) return;
  for (let i = 0; i < nd; i++) {
    const n = sizeAt(index, i);
    if ((i !== d && n > sizeAt(self, i)) || (src !== null && n > sizeAt(src, i))) {
      const tail = src === null ? '' : ` and to be smaller size than src ${fmtShape(src.shape)}`;
      throw new Error(`Expected index ${fmtShape(index.shape)} to be smaller than self ${fmtShape(self.shape)} apart from dimension ${d}${tail}`);
    }
  }
}

/** src may be larger than index: its gradient is the gathered one placed in zeros of src's shape. */
function padTo(g: Tensor, shape: readonly number[]): Tensor {
  let out = g;
  for (let i = 0; i < shape.length; i++) {
    if (out.shape[i] !== shape[i]) {
      const grown = out.shape.slice();
      grown[i] = shape[i]!;
      out = sliceEmbed(out, grown, i, 0, 1);
    }
  }
  return out;
}

/** A contiguous copy of x that the scatter kernel then writes into (no autograd). */
export function scatterRaw(x: Tensor, d: number, index: Tensor, src: Tensor | number, reduce: ScatterReduce): Tensor {
  const out = alloc(x.shape.slice(), x.dtype, x.storage.device);
  const b = backendOf(out);
  b.copy(x, out);
  if (index.numel() === 0) return out;
  const s = typeof src === 'number' ? checkedCast(x.dtype, src, 'scalar') : lift(src);
  b.scatter(lift(out), d, lift(index), s, reduce);
  return out;
}

/** scatter's keyword option. */
export interface ScatterOptions {
  /** Combine with the existing value instead of overwriting (torch's `reduce=` of scatter). */
  reduce?: 'add' | 'multiply';
}

function reduceOf(opts: ScatterOptions): ScatterReduce {
  const r = opts.reduce;
  if (r === undefined) return 'none';
  if (r !== 'add' && r !== 'multiply') throw new Error('reduce argument must be either add or multiply.');
  return r;
}

/**
 * torch.scatter: a copy of x with `src` (a tensor or one value) written at `index` along `dim`:
 * `out[i][index[i][j]] = src[i][j]`. With a value this builds one-hot rows.
 * @example scatter(zeros(2, 3), 1, tensor([[2], [0]]), 1) // [[0, 0, 1], [1, 0, 0]]
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number, opts: ScatterOptions = {}): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  const srcT = typeof src === 'number' ? null : src;
  scatterChecks('scatter', x, d, index, srcT);
  const reduce = reduceOf(opts);
  const out = scatterRaw(x, d, index, src, reduce);
  if (needsGrad(x, srcT)) {
    if (reduce !== 'none') {
      record(out, 'ScatterBackward1', [x, srcT], [], null, () => {
        throw new Error("the derivative for 'scatter' with reduce is not implemented.");
      });
    } else {
      const srcShape = srcT === null ? null : srcT.shape.slice();
      record(out, srcShape === null ? 'ScatterBackward1' : 'ScatterBackward0', [x, srcT], [index], null, (g, s) => [
        scatter(g, d, s[0]!, 0), srcShape === null ? null : padTo(gather(g, d, s[0]!), srcShape),
      ]);
    }
  }
  return out;
}

/** x.scatter_(dim, index, src): in place; validated before anything is written. */
export function scatter_(x: Tensor, dim: number, index: Tensor, src: Tensor | number, opts: ScatterOptions = {}): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  const srcT = typeof src === 'number' ? null : src;
  scatterChecks('scatter', x, d, index, srcT);
  const reduce = reduceOf(opts);
  return inplaceVia(x, srcT, (old) => scatter(old, d, index, src, opts), () => scatterRaw(x, d, index, src, reduce));
}

/**
 * torch.scatter_add: a copy of x with src added at index along dim (repeated indices sum).
 * @example scatterAdd(zeros(3), 0, tensor([0, 0, 2]), tensor([1, 2, 3])) // [3, 0, 3]
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  scatterChecks('scatter_add', x, d, index, src);
  const out = scatterRaw(x, d, index, src, 'add');
  if (needsGrad(x, src)) {
    const srcShape = src.shape.slice();
    record(out, 'ScatterAddBackward0', [x, src], [index], null, (g, s) => [g, padTo(gather(g, d, s[0]!), srcShape)]);
  }
  return out;
}

export function scatterAdd_(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  scatterChecks('scatter_add', x, d, index, src);
  return inplaceVia(x, src, (old) => scatterAdd(old, d, index, src), () => scatterRaw(x, d, index, src, 'add'));
}

function indexSelectChecks(op: string, index: Tensor): void {
  if (index.shape.length > 1) throw new RangeError(`${op}(): Index is supposed to be a vector`);
  if (index.dtype !== 'int32') throw new TypeError(`${op}(): Expected dtype int32 or int64 for index`);
}

/**
 * torch.index_select: the entries `index` (1-D int32) of x along dim, copied.
 * @example indexSelect(weight, 0, tensor([2, 0])) // rows 2 and 0 (an embedding lookup)
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  indexSelectChecks('index_select', index);
  const m = index.numel();
  const shape = x.shape.slice();
  if (shape.length > 0) shape[d] = m;
  const out = alloc(shape, x.dtype, x.storage.device);
  if (x.shape.length === 0) {
    // A 0-dim x stays 0-dim (PyTorch); its indices are still checked.
    checkRange(index, 1);
    backendOf(x).copy(x, out);
  } else {
    backendOf(x).indexSelect(x, d, index, out);
  }
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'IndexSelectBackward0', [x], [index], null, (g, s) => [indexAdd(alloc(inShape, g.dtype, g.storage.device), d, s[0]!, g)]);
  }
  return out;
}

/** index viewed with source's shape (stride 0 off `dim`), so indexAdd can run as a scatter-add. */
function spreadIndex(index: Tensor, d: number, shape: readonly number[]): View {
  const strides = shape.map((_, i) => (i === d && index.shape.length > 0 ? index.strides[0]! : 0));
  return { storage: index.storage, shape: shape.length === 0 ? [1] : shape, strides: shape.length === 0 ? [0] : strides, offset: index.offset, dtype: 'int32' };
}

function indexAddChecks(x: Tensor, d: number, index: Tensor, source: Tensor): void {
  indexSelectChecks('index_add_', index);
  if (source.dtype !== x.dtype) {
    throw new TypeError(`index_add_(): self (${scalarName(x)}) and source (${scalarName(source)}) must have the same scalar type`);
  }
  const m = index.numel();
  if (sizeAt(source, d) !== m && !(source.shape.length === 0 && m === 1)) {
    throw new Error(`index_add_(): Number of indices (${m}) should be equal to source.size(dim): (${sizeAt(source, d)}), for dim: ${d}`);
  }
  for (let i = 0; i < source.shape.length; i++) {
    if (i !== d && source.shape[i] !== x.shape[i]) {
      throw new Error(`The size of tensor a (${x.shape[i]}) must match the size of tensor b (${source.shape[i]}) at non-singleton dimension ${i}`);
    }
  }
  checkRange(index, sizeAt(x, d));
}

/** PyTorch's message for an index_select/index_add entry outside [0, size), before any write. */
function checkRange(index: Tensor, size: number): void {
  // A device that reads back only asynchronously (webgpu) cannot check first: its kernels skip
  // out-of-range entries instead.
  if (index.storage.device !== 'cpu') return;
  const id = index.toTypedArray();
  for (let k = 0; k < id.length; k++) {
    const v = id[k]!;
    if (v < 0 || v >= size) throw new RangeError('index out of range in self');
  }
}
function scalarName(t: Tensor): string {
  return { float32: 'Float', float64: 'Double', int32: 'Int', int64: 'Long', bool: 'Bool', float16: 'Half', bfloat16: 'BFloat16', uint8: 'Byte', int8: 'Char', int16: 'Short' }[t.dtype];
}

function indexAddRaw(x: Tensor, d: number, index: Tensor, source: Tensor): Tensor {
  const out = alloc(x.shape.slice(), x.dtype, x.storage.device);
  const b = backendOf(out);
  b.copy(x, out);
  if (source.numel() > 0) b.scatter(lift(out), d, spreadIndex(index, d, source.shape), lift(source), 'add');
  return out;
}

/**
 * torch.index_add: a copy of x with `alpha * source` added at entries `index` along dim.
 * @example indexAdd(zeros(3, 2), 0, tensor([0, 2]), ones(2, 2)) // rows 0 and 2 become 1
 */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, opts: { alpha?: number } = {}): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  indexAddChecks(x, d, index, source);
  const alpha = opts.alpha ?? 1;
  const src = alpha === 1 ? source : source.mul(alpha);
  const out = indexAddRaw(x, d, index, src);
  if (needsGrad(x, src)) {
    record(out, 'IndexAddBackward0', [x, src], [index], null, (g, s) => [g, indexSelect(g, d, s[0]!)]);
  }
  return out;
}

export function indexAdd_(x: Tensor, dim: number, index: Tensor, source: Tensor, opts: { alpha?: number } = {}): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  indexAddChecks(x, d, index, source);
  const alpha = opts.alpha ?? 1;
  return inplaceVia(x, source, (old) => indexAdd(old, d, index, source, opts),
    () => indexAddRaw(x, d, index, alpha === 1 ? source : source.mul(alpha)));
}
