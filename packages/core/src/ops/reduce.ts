/** Reductions over all elements or chosen dims, with keepdim, and their gradients. */
import { isFloating, type DType } from '../dtype';
import type { ReduceOp } from '../backend/types';
import { backendOf, type View } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { normDim, normDims, numelOf } from '../shape';
import type { Tensor } from '../tensor';
import { alloc, fromHost, scalarTypeName } from './util';
import { where } from './binary';

export type Dims = number | readonly number[];
export interface KeepDim { keepdim?: boolean }

/** `[values, indices]` that also reads as `.values` / `.indices`, like torch.return_types.max. */
export interface ValuesIndices extends Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length: 2;
  readonly values: Tensor;
  readonly indices: Tensor;
}

/** The pair max(dim)/min(dim)/sort/topk return: destructures like a tuple, reads like a named tuple. */
class ValuesIndicesPair implements ValuesIndices {
  readonly length = 2;
  constructor(readonly values: Tensor, readonly indices: Tensor) {}
  get 0(): Tensor {
    return this.values;
  }
  get 1(): Tensor {
    return this.indices;
  }
  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.values;
    yield this.indices;
  }
}

export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return new ValuesIndicesPair(values, indices);
}

export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, i) => {
    if (!dims.includes(i)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** The kernel call: reduce `dims` of x into a new tensor of `dtype`. */
function reduceRaw(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType, indices?: View): Tensor {
  const out = alloc(reducedShape(x.shape, dims, keepdim), dtype, x.storage.device);
  backendOf(x).reduce(op, x, dims, out, indices);
  return out;
}

/** Brings a reduced gradient back to the input's shape (unsqueeze the dropped dims, expand). */
export function expandBack(g: Tensor, inShape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  let r = g;
  if (!keepdim) r = r.reshape(reducedShape(inShape, dims, true));
  return r.expand(inShape.slice());
}

export function sum(x: Tensor, dim?: Dims, opts: KeepDim & { dtype?: DType } = {}): Tensor {
  const dims = normDims(dim, x.shape.length);
  const keepdim = opts.keepdim ?? false;
  const dtype = opts.dtype ?? (isFloating(x.dtype) ? x.dtype : 'int32');
  const out = reduceRaw('sum', x, dims, keepdim, dtype);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'SumBackward' + (dim === undefined ? '0' : '1'), [x], [], null, (g) => [expandBack(g, inShape, dims, keepdim)]);
  }
  return out;
}

export function mean(x: Tensor, dim?: Dims, opts: KeepDim & { dtype?: DType } = {}): Tensor {
  if (!isFloating(opts.dtype ?? x.dtype)) {
    throw new TypeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(x.dtype)}`);
  }
  const dims = normDims(dim, x.shape.length);
  const n = numelOf(dims.map((d) => x.shape[d]!));
  const keepdim = opts.keepdim ?? false;
  const s = reduceRaw('sum', x, dims, keepdim, opts.dtype ?? x.dtype);
  backendOf(s).binary('div', s, n, s);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(s, 'MeanBackward' + (dim === undefined ? '0' : '1'), [x], [], null, (g) => [expandBack(g.div(n), inShape, dims, keepdim)]);
  }
  return s;
}

/** max/min over one dim: values and the index of the first extreme (NaN counts as extreme). */
function extremeDim(op: 'max' | 'min', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  const d = normDim(dim, x.shape.length);
  const dims = x.shape.length === 0 ? [] : [d];
  if (x.shape.length > 0 && x.shape[d] === 0) {
    throw new RangeError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const values = alloc(reducedShape(x.shape, dims, keepdim), x.dtype, x.storage.device);
  const indices = alloc(values.shape.slice(), 'int32', x.storage.device);
  backendOf(x).reduce(op, x, dims, values, indices);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(values, op === 'max' ? 'MaxBackward0' : 'MinBackward0', [x], [indices], null, (g, s) => [
      selectBack(g, s[0]!, inShape, dims, keepdim),
    ]);
  }
  return valuesIndices(values, indices);
}

/** Routes g to the chosen positions along the reduced dim: g * (position == index). */
function selectBack(g: Tensor, indices: Tensor, inShape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  if (dims.length === 0) return g;
  const d = dims[0]!;
  const n = inShape[d]!;
  const posShape = inShape.map((_, i) => (i === d ? n : 1));
  const pos = fromHost(Int32Array.from({ length: n }, (_, i) => i), posShape, 'int32');
  const idx = keepdim ? indices : indices.unsqueeze(d);
  const gg = keepdim ? g : g.unsqueeze(d);
  return where(pos.eq(idx), gg, 0).expand(inShape.slice());
}

/** Over all elements: the gradient is shared evenly among tied extremes, as PyTorch does. */
function extremeAll(op: 'max' | 'min', x: Tensor): Tensor {
  if (x.numel() === 0) {
    throw new Error(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const out = reduceRaw(op, x, normDims(undefined, x.shape.length), false, x.dtype, alloc([], 'int32', x.storage.device));
  if (needsGrad(x)) {
    record(out, op === 'max' ? 'MaxBackward1' : 'MinBackward1', [x], [x, out], null, (g, s) => {
      // PyTorch's evenly_distribute_backward: ties share the gradient; a NaN result picks the NaNs.
      const xs = s[0]!, o = s[1]!;
      const hit = Number.isNaN(o.item()) ? xs.isnan() : xs.eq(o);
      return [where(hit, g.div(hit.sum()), 0)];
    });
  }
  return out;
}

export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, opts?: KeepDim): ValuesIndices;
export function max(x: Tensor, dim?: number, opts: KeepDim = {}): Tensor | ValuesIndices {
  return dim === undefined ? extremeAll('max', x) : extremeDim('max', x, dim, opts.keepdim ?? false);
}

export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, opts?: KeepDim): ValuesIndices;
export function min(x: Tensor, dim?: number, opts: KeepDim = {}): Tensor | ValuesIndices {
  return dim === undefined ? extremeAll('min', x) : extremeDim('min', x, dim, opts.keepdim ?? false);
}

/** amax/amin: values only, over any dims; gradient shared among ties. */
export function amax(x: Tensor, dim?: Dims, opts: KeepDim = {}): Tensor {
  return extremeDims('max', x, dim, opts.keepdim ?? false);
}
export function amin(x: Tensor, dim?: Dims, opts: KeepDim = {}): Tensor {
  return extremeDims('min', x, dim, opts.keepdim ?? false);
}

function extremeDims(op: 'max' | 'min', x: Tensor, dim: Dims | undefined, keepdim: boolean): Tensor {
  const dims = normDims(dim, x.shape.length);
  // An empty reduction has no extreme: PyTorch's errors, named for amax/amin.
  if (dim === undefined && x.numel() === 0) {
    throw new Error(`a${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  for (const d of dims) {
    if (x.shape.length > 0 && x.shape[d] === 0) throw new RangeError(`a${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const out = reduceRaw(op, x, dims, keepdim, x.dtype);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, op === 'max' ? 'AmaxBackward0' : 'AminBackward0', [x], [x, out], null, (g, s) => {
      const hit = s[0]!.eq(expandBack(s[1]!, inShape, dims, keepdim));
      const count = hit.sum(dims, { keepdim: true });
      return [where(hit, expandBack(g, inShape, dims, keepdim).div(count), 0)];
    });
  }
  return out;
}

function argExtreme(op: 'max' | 'min', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) {
    if (x.numel() === 0) throw new RangeError(`arg${op}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const r = extremeDim(op, x.reshape([-1]), 0, false).indices;
    return keepdim ? r.reshape(x.shape.map(() => 1)) : r;
  }
  const d = normDim(dim, x.shape.length);
  if (x.shape.length > 0 && x.shape[d] === 0) {
    throw new RangeError(`arg${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  return extremeDim(op, x, dim, keepdim).indices;
}

/** Index of the first maximum (NaN counts as the maximum), over all elements or along dim. */
export function argmax(x: Tensor, dim?: number, opts: KeepDim = {}): Tensor {
  return argExtreme('max', x.detach(), dim, opts.keepdim ?? false);
}
export function argmin(x: Tensor, dim?: number, opts: KeepDim = {}): Tensor {
  return argExtreme('min', x.detach(), dim, opts.keepdim ?? false);
}

export function all(x: Tensor, dim?: Dims, opts: KeepDim = {}): Tensor {
  return reduceRaw('all', x, normDims(dim, x.shape.length), opts.keepdim ?? false, 'bool');
}
export function any(x: Tensor, dim?: Dims, opts: KeepDim = {}): Tensor {
  return reduceRaw('any', x, normDims(dim, x.shape.length), opts.keepdim ?? false, 'bool');
}

/** prod, with PyTorch's gradient (handles zeros without dividing by them when there are none). */
export function prod(x: Tensor, dim?: number, opts: KeepDim = {}): Tensor {
  const dims = normDims(dim, x.shape.length);
  const keepdim = opts.keepdim ?? false;
  const out = reduceRaw('prod', x, dims, keepdim, isFloating(x.dtype) ? x.dtype : 'int32');
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, dim === undefined ? 'ProdBackward0' : 'ProdBackward1', [x], [x, out], null, (g, s) => {
      const xs = s[0]!, o = s[1]!;
      const ge = expandBack(g, inShape, dims, keepdim), oe = expandBack(o, inShape, dims, keepdim);
      // Product of the others without dividing by zero: one zero in a group gets the product of
      // the non-zeros, more than one zero gives 0 everywhere in that group.
      const isZero = xs.eq(0);
      const zeroCount = expandBack(isZero.sum(dims, { keepdim: true }), inShape, dims, true);
      const nonzeroProd = expandBack(where(isZero, 1, xs).prod(dims.length === 1 ? dims[0] : undefined, { keepdim: true }), inShape, dims, true);
      const others = where(zeroCount.eq(0), oe.div(xs), where(zeroCount.eq(1).logicalAnd(isZero), nonzeroProd, 0));
      return [ge.mul(others)];
    });
  }
  return out;
}
