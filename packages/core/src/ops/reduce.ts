/** Reductions over all elements or chosen dims, with keepdim, and their gradients. */
import { isFloating, type DType } from '../dtype';
import type { ReduceOp } from '../backend/types';
import { backendOf, type View } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { normDim, normDims, numelOf } from '../shape';
import { Tensor } from '../tensor';
import { alloc, fromHost, scalarTypeName } from './util';
import { where } from './binary';
import { parseArgs, pick, type ArgSig } from './reduce-args';

/** The dims a reduction runs over: one dim or a list (negative counts from the end). */
export type Dims = number | readonly number[];
/** The keepdim option of the reductions. */
export interface KeepDim {
  /** Keep the reduced dims with size 1, so the result broadcasts against the input (default false). */
  keepdim?: boolean;
}
/** The options of sum, mean and prod. */
export interface SumOptions extends KeepDim {
  /** Cast the input to this dtype first, and return it (PyTorch's dtype=). */
  dtype?: DType;
}

/**
 * A reduction's call forms, as PyTorch's `(dim=None, keepdim=False, *, ...)`: `x.sum()`,
 * `x.sum(1, true)`, `x.sum(1, {keepdim: true})`, `x.sum({dim: 1, keepdim: true})` (the keyword form).
 */
export interface ReduceMethod<O extends KeepDim = KeepDim, D = Dims> {
  (opts?: O & { dim?: D | null }): Tensor;
  (dim: D | null | undefined, opts?: O): Tensor;
  (dim: D | null | undefined, keepdim: boolean | undefined, opts?: Omit<O, 'keepdim'>): Tensor;
}

/** The function form of a reduction: `sum(x, 1, true)` and the other forms of ReduceMethod. */
export interface ReduceFunction<O extends KeepDim = KeepDim, D = Dims> {
  (x: Tensor, opts?: O & { dim?: D | null }): Tensor;
  (x: Tensor, dim: D | null | undefined, opts?: O): Tensor;
  (x: Tensor, dim: D | null | undefined, keepdim: boolean | undefined, opts?: Omit<O, 'keepdim'>): Tensor;
}

/** max/min: over everything, or along a dim with indices (`x.max(1, true)`, `x.max({dim: 1})`). */
export interface ExtremeMethod {
  (): Tensor;
  (dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
  (opts: KeepDim & { dim: number }): ValuesIndices;
  (other: Tensor): Tensor;
}

/** A method of the reduce ops called with unchecked trailing arguments (the prototype's form). */
export type LooseReduce = (x: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => Tensor;

const sig = (fn: string, names: readonly string[], kinds: ArgSig['kinds'], extra: readonly string[] = [], single = false): ArgSig =>
  ({ fn, names, kinds, keys: [...names, ...extra], single });
const SUM = sig('sum', ['dim', 'keepdim'], ['dims', 'bool'], ['dtype']);
const MEAN = sig('mean', ['dim', 'keepdim'], ['dims', 'bool'], ['dtype']);
const PROD = sig('prod', ['dim', 'keepdim'], ['dim', 'bool'], ['dtype']);
const MAX = sig('max', ['dim', 'keepdim'], ['dim', 'bool']);
const MIN = sig('min', ['dim', 'keepdim'], ['dim', 'bool']);
const AMAX = sig('amax', ['dim', 'keepdim'], ['dims', 'bool'], [], true);
const AMIN = sig('amin', ['dim', 'keepdim'], ['dims', 'bool'], [], true);
const ARGMAX = sig('argmax', ['dim', 'keepdim'], ['dim', 'bool'], [], true);
const ARGMIN = sig('argmin', ['dim', 'keepdim'], ['dim', 'bool'], [], true);
const ALL = sig('all', ['dim', 'keepdim'], ['dims', 'bool']);
const ANY = sig('any', ['dim', 'keepdim'], ['dims', 'bool']);

/** dim from a slot or the keyword; PyTorch's dim=None (null) is "all dims". */
function dimsOf(a: unknown, kw: ReturnType<typeof parseArgs>): Dims | undefined {
  const d = pick(a, kw, 'dim');
  return d === null ? undefined : (d as Dims | undefined);
}
function keepdimOf(b: unknown, kw: ReturnType<typeof parseArgs>): boolean {
  return pick(b, kw, 'keepdim') === true;
}

/** `[values, indices]` that also reads as `.values` / `.indices`, like torch.return_types.max. */
export interface ValuesIndices extends Iterable<Tensor> {
  /** The values (destructuring: `const [values, indices] = x.max(1)`). */
  readonly 0: Tensor;
  /** The indices. */
  readonly 1: Tensor;
  /** Always 2, as a pair. */
  readonly length: 2;
  /** The values, e.g. the maxima. */
  readonly values: Tensor;
  /** Their int32 indices along the reduced dim. */
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
  // A plain loop (no closure, no includes scan): every reduction and its gradient runs this.
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    let reduced = false;
    for (let j = 0; j < dims.length; j++) if (dims[j] === i) reduced = true;
    if (!reduced) out.push(shape[i]!);
    else if (keepdim) out.push(1);
  }
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

/**
 * The sum of all elements, or over `dim` (a dim or a list) (torch.sum). Integral and bool inputs sum as int32
 * (PyTorch's int64) unless `dtype` says otherwise. Keyword form: `sum(x, { dim: 1, keepdim: true })`.
 */
export function sum(x: Tensor, opts?: SumOptions & { dim?: Dims | null }): Tensor;
/** sum over `dim`: `sum(x, 1)`, `sum(x, [0, 1], { keepdim: true })`. */
export function sum(x: Tensor, dim: Dims | null | undefined, opts?: SumOptions): Tensor;
/** sum's positional form: `sum(x, 1, true)`. */
export function sum(x: Tensor, dim: Dims | null | undefined, keepdim: boolean | undefined, opts?: { dtype?: DType }): Tensor;
export function sum(x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor {
  const kw = parseArgs(SUM, a, b, c);
  const dim = dimsOf(a, kw), keepdim = keepdimOf(b, kw);
  const dims = normDims(dim, x.shape.length);
  const dtype = (kw?.dtype as DType | undefined) ?? (isFloating(x.dtype) || x.dtype === 'int64' ? x.dtype : 'int32');
  const out = reduceRaw('sum', x, dims, keepdim, dtype);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'SumBackward' + (dim === undefined ? '0' : '1'), [x], [], null, (g) => [expandBack(g, inShape, dims, keepdim)]);
  }
  return out;
}

/**
 * The mean of all elements, or over `dim` (torch.mean). Floating tensors (or a floating `dtype`) only: others throw, as PyTorch.
 */
export function mean(x: Tensor, opts?: SumOptions & { dim?: Dims | null }): Tensor;
/** mean over `dim`: `mean(x, 1)`, `mean(x, [0, 1], { keepdim: true })`. */
export function mean(x: Tensor, dim: Dims | null | undefined, opts?: SumOptions): Tensor;
/** mean's positional form: `mean(x, 1, true)`. */
export function mean(x: Tensor, dim: Dims | null | undefined, keepdim: boolean | undefined, opts?: { dtype?: DType }): Tensor;
export function mean(x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor {
  const kw = parseArgs(MEAN, a, b, c);
  const dim = dimsOf(a, kw), keepdim = keepdimOf(b, kw);
  const dtypeOpt = kw?.dtype as DType | undefined;
  if (!isFloating(dtypeOpt ?? x.dtype)) {
    throw new TypeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(x.dtype)}`);
  }
  const dims = normDims(dim, x.shape.length);
  const n = numelOf(dims.map((d) => x.shape[d]!));
  const s = reduceRaw('sum', x, dims, keepdim, dtypeOpt ?? x.dtype);
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
      // (on a device without sync reads, the NaN test is a tensor op: eq, or both NaN)
      const hit = o.storage.device !== 'cpu' ? xs.eq(o).logicalOr(xs.isnan().logicalAnd(o.isnan()))
        : Number.isNaN(o.item()) ? xs.isnan() : xs.eq(o);
      return [where(hit, g.div(hit.sum()), 0)];
    });
  }
  return out;
}

/** max/min's forms: all elements, along a dim (values and indices), or elementwise with another tensor. */
function extreme(op: 'max' | 'min', x: Tensor, a: unknown, b: unknown, c: unknown): Tensor | ValuesIndices {
  if (a instanceof Tensor && b === undefined) return op === 'max' ? x.maximum(a) : x.minimum(a);
  const kw = parseArgs(op === 'max' ? MAX : MIN, a, b, c);
  const dim = pick(a, kw, 'dim') as number | undefined;
  return dim === undefined ? extremeAll(op, x) : extremeDim(op, x, dim, keepdimOf(b, kw));
}

/** The largest element, a 0-d tensor; NaN if any element is NaN (torch.max). */
export function max(x: Tensor): Tensor;
/** The maxima along `dim` and their indices, as `[values, indices]` (also `.values` / `.indices`). */
export function max(x: Tensor, dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
/** max along a dim, keyword form: `max(x, { dim: 1, keepdim: true })`. */
export function max(x: Tensor, opts: KeepDim & { dim: number }): ValuesIndices;
/** The elementwise maximum of two tensors: maximum(x, other). */
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor | ValuesIndices {
  return extreme('max', x, a, b, c);
}

/** The smallest element, a 0-d tensor; NaN if any element is NaN (torch.min). */
export function min(x: Tensor): Tensor;
/** The minima along `dim` and their indices, as `[values, indices]`. */
export function min(x: Tensor, dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
/** min along a dim, keyword form: `min(x, { dim: 1 })`. */
export function min(x: Tensor, opts: KeepDim & { dim: number }): ValuesIndices;
/** The elementwise minimum of two tensors: minimum(x, other). */
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor | ValuesIndices {
  return extreme('min', x, a, b, c);
}

/** The maximum over `dim` (a dim or a list), values only; the gradient is shared among ties (torch.amax). */
export const amax: ReduceFunction = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const kw = parseArgs(AMAX, a, b, c);
  return extremeDims('max', x, dimsOf(a, kw), keepdimOf(b, kw));
};
/** The minimum over `dim` (a dim or a list), values only; the gradient is shared among ties (torch.amin). */
export const amin: ReduceFunction = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const kw = parseArgs(AMIN, a, b, c);
  return extremeDims('min', x, dimsOf(a, kw), keepdimOf(b, kw));
};

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
export const argmax: ReduceFunction<KeepDim, number> = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const kw = parseArgs(ARGMAX, a, b, c);
  return argExtreme('max', x.detach(), dimsOf(a, kw) as number | undefined, keepdimOf(b, kw));
};
/** Index of the first minimum (NaN counts as the minimum), over all elements or along dim (torch.argmin). */
export const argmin: ReduceFunction<KeepDim, number> = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const kw = parseArgs(ARGMIN, a, b, c);
  return argExtreme('min', x.detach(), dimsOf(a, kw) as number | undefined, keepdimOf(b, kw));
};

/** A bool tensor: whether every element is nonzero, overall or over `dim` (torch.all). */
export const all: ReduceFunction = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const kw = parseArgs(ALL, a, b, c);
  return reduceRaw('all', x, normDims(dimsOf(a, kw), x.shape.length), keepdimOf(b, kw), 'bool');
};
/** A bool tensor: whether any element is nonzero, overall or over `dim` (torch.any). */
export const any: ReduceFunction = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const kw = parseArgs(ANY, a, b, c);
  return reduceRaw('any', x, normDims(dimsOf(a, kw), x.shape.length), keepdimOf(b, kw), 'bool');
};

/** prod, with PyTorch's gradient (handles zeros without dividing by them when there are none). */
export const prod: ReduceFunction<SumOptions, number> = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const kw = parseArgs(PROD, a, b, c);
  const dim = dimsOf(a, kw) as number | undefined, keepdim = keepdimOf(b, kw);
  const dims = normDims(dim, x.shape.length);
  const dtype = (kw?.dtype as DType | undefined) ?? (isFloating(x.dtype) || x.dtype === 'int64' ? x.dtype : 'int32');
  const out = reduceRaw('prod', x, dims, keepdim, dtype);
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
};
