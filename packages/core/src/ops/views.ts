/**
 * Views share storage: reshape, permute, transpose, expand, squeeze, slice, select ... change only
 * shape, strides and offset. Each view's gradient is the matching reshuffle of the gradient.
 */
import { isFloating, legacyTypeName, type DType } from '../dtype';
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { checkInt, checkIntList, contiguousStrides, fmtShape, normDim, numelOf, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';
import { sumToShape } from './binary';

/** A view of x's storage; the node (if any) is attached by the caller. */
function makeView(x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const out = new Tensor(x.storage, shape, strides, offset, x.dtype);
  out.base = x.base ?? x;
  return out;
}

/** Resolves one -1 in a requested shape, with PyTorch's messages (`fn` and `arg` name the caller's argument). */
export function inferShape(shape: readonly number[], numel: number, fn = 'view', arg = 'size'): number[] {
  shape = checkIntList(shape, fn, arg, 'SymInts');
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (infer >= 0) throw new Error('only one dimension can be inferred');
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new Error(`invalid shape dimension ${d}`);
    } else known *= d;
  }
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 && numel === 0) {
      throw new Error(`cannot reshape tensor of 0 elements into shape ${fmtShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`);
    }
    if (known === 0 || numel % known !== 0) throw new Error(`shape '${fmtShape(shape)}' is invalid for input of size ${numel}`);
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new Error(`shape '${fmtShape(shape)}' is invalid for input of size ${numel}`);
  }
  return out;
}

/** Strides that let `newShape` view the same memory, or null when a copy is needed. */
function viewStrides(oldShape: readonly number[], oldStrides: readonly number[], newShape: readonly number[]): number[] | null {
  const numel = numelOf(oldShape);
  if (numel === 0 || oldShape.length === 0) return contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length).fill(1);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1]!;
  let tensorNumel = 1, viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}

function recordReshape(out: Tensor, x: Tensor, node: string): Tensor {
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, node, [x], [], null, (g) => [g.reshape(inShape)]);
  }
  return out;
}

/** x.view(shape): a view, or PyTorch's error when strides make one impossible. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, x.numel(), 'view', 'size');
  const strides = viewStrides(x.shape, x.strides, target);
  if (strides === null) {
    throw new Error("view size is not compatible with input tensor's size and stride (at least one dimension spans " +
      'across two contiguous subspaces). Use .reshape(...) instead.');
  }
  return recordReshape(makeView(x, target, strides, x.offset), x, 'ViewBackward0');
}

/** x.reshape(shape): a view when possible, else a copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, x.numel(), 'reshape', 'shape');
  if (shapeEquals(target, x.shape)) return view(x, target);
  const strides = viewStrides(x.shape, x.strides, target);
  if (strides !== null) return recordReshape(makeView(x, target, strides, x.offset), x, 'ViewBackward0');
  return recordReshape(view(contiguous(x).detach(), target), x, 'UnsafeViewBackward0');
}

/** A view with the dims reordered (torch.permute). */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.shape.length;
  checkIntList(dims, 'permute', 'dims');
  if (dims.length !== nd) {
    throw new Error(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${dims.length}`);
  }
  const d = dims.map((v) => normDim(v, nd));
  if (new Set(d).size !== nd) throw new Error('permute(): duplicate dims are not allowed.');
  const out = makeView(x, d.map((i) => x.shape[i]!), d.map((i) => x.strides[i]!), x.offset);
  if (needsGrad(x)) {
    const inv = new Array<number>(nd);
    d.forEach((v, i) => { inv[v] = i; });
    record(out, 'PermuteBackward0', [x], [], null, (g) => [g.permute(inv)]);
  }
  return out;
}

/** A view with dims dim0 and dim1 swapped (torch.transpose). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const nd = x.shape.length;
  const a = normDim(dim0, nd), b = normDim(dim1, nd);
  if (nd === 0) return view(x, x.shape); // dims 0 and -1 both name the one "dim" of a scalar
  const shape = x.shape.slice(), strides = x.strides.slice();
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  const out = makeView(x, shape, strides, x.offset);
  if (needsGrad(x)) record(out, 'TransposeBackward0', [x], [], null, (g) => [g.transpose(a, b)]);
  return out;
}

/** x.t(): transposes a 2-D tensor; 0-D and 1-D come back as they are. */
export function t(x: Tensor): Tensor {
  if (x.shape.length > 2) throw new Error(`t() expects a tensor with <= 2 dimensions, but self is ${x.shape.length}D`);
  return x.shape.length < 2 ? view(x, x.shape) : transpose(x, 0, 1);
}

/** A view of x broadcast to `sizes` without copying (stride 0); -1 keeps a dim (torch's x.expand). */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  sizes = checkIntList(sizes, 'expand', 'size', 'SymInts');
  const nd = sizes.length;
  if (nd < x.shape.length) {
    throw new Error(`expand(${legacyTypeName(x.dtype)}{${fmtShape(x.shape)}}, size=${fmtShape(sizes)}): the number of sizes provided (${nd}) must be greater or equal to the number of dimensions in the tensor (${x.shape.length})`);
  }
  const off = nd - x.shape.length;
  const shape = new Array<number>(nd), strides = new Array<number>(nd);
  for (let i = 0; i < nd; i++) {
    const j = i - off;
    const want = sizes[i]!;
    if (j < 0) {
      if (want < 0) throw new Error(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      shape[i] = want; strides[i] = 0;
      continue;
    }
    const have = x.shape[j]!;
    const size = want === -1 ? have : want;
    // Only -1 may be negative (PyTorch fails on the numel of a negative size).
    if (size < 0) throw new Error(`The expanded size of the tensor (${size}) must be non-negative (or -1 to keep the size) at dimension ${i}.  Target sizes: ${fmtShape(sizes)}`);
    if (have !== size && have !== 1) {
      throw new Error(`The expanded size of the tensor (${size}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(sizes)}.  Tensor sizes: ${fmtShape(x.shape)}`);
    }
    shape[i] = size;
    strides[i] = have === size ? x.strides[j]! : 0;
  }
  const out = makeView(x, shape, strides, x.offset);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'ExpandBackward0', [x], [], null, (g) => [sumToShape(g, inShape)]);
  }
  return out;
}

/** A view without size-1 dims: all of them, or only the given ones (torch.squeeze). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const nd = x.shape.length;
  const drop = new Set<number>();
  if (dim === undefined) x.shape.forEach((s, i) => { if (s === 1) drop.add(i); });
  else for (const d of typeof dim === 'number' ? [dim] : dim) { const k = normDim(d, nd); if (x.shape[k] === 1) drop.add(k); }
  const shape: number[] = [], strides: number[] = [];
  x.shape.forEach((s, i) => { if (!drop.has(i)) { shape.push(s); strides.push(x.strides[i]!); } });
  // PyTorch names the node by overload: squeeze() 0, squeeze(dim) 1, squeeze(dims) 2.
  const node = dim === undefined ? 'SqueezeBackward0' : typeof dim === 'number' ? 'SqueezeBackward1' : 'SqueezeBackward2';
  return recordReshape(makeView(x, shape, strides, x.offset), x, node);
}

/** A view with a size-1 dim inserted at `dim` (torch.unsqueeze). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.shape.length + 1);
  const shape = x.shape.slice(), strides = x.strides.slice();
  const st = d < x.shape.length ? x.strides[d]! * x.shape[d]! : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return recordReshape(makeView(x, shape, strides, x.offset), x, 'UnsqueezeBackward0');
}

/** Dims startDim..endDim merged into one, a view when possible (torch.flatten). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.shape.length === 0) return x.reshape([1]);
  const s = normDim(startDim, x.shape.length), e = normDim(endDim, x.shape.length);
  if (s > e) throw new Error('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return x.reshape(shape);
}

/** Splits `dim` into `sizes` (one may be -1) (torch.unflatten). */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  if (x.shape.length === 0) throw new RangeError('Dimension specified as 0 but tensor has no dimensions');
  const d = normDim(dim, x.shape.length);
  const inner = inferShape(sizes, x.shape[d]!, 'unflatten', 'sizes');
  return x.reshape([...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/**
 * aten::slice: elements start, start+step, ... below end along dim (Python slice semantics:
 * negative and out-of-range bounds are clamped). A view.
 */
export function slice(x: Tensor, dim: number, start = 0, end = Infinity, step = 1): Tensor {
  const d = normDim(dim, x.shape.length);
  // end may be +-Infinity (open); NaN or fractions would make a fractional length.
  for (const v of [start, end, step]) {
    if (Number.isNaN(v) || (Number.isFinite(v) && !Number.isInteger(v))) throw new TypeError('slice indices must be integers or None or have an __index__ method');
  }
  if (!Number.isSafeInteger(step)) throw new TypeError('slice indices must be integers or None or have an __index__ method');
  if (step <= 0) throw new Error('slice step must be positive');
  const n = x.shape[d]!;
  let s = start < 0 ? start + n : start;
  let e = end < 0 ? end + n : end;
  s = Math.min(Math.max(s, 0), n);
  e = Math.min(Math.max(e, s), n);
  const len = Math.ceil((e - s) / step);
  const shape = x.shape.slice(), strides = x.strides.slice();
  shape[d] = len;
  strides[d] = x.strides[d]! * step;
  const out = makeView(x, shape, strides, x.offset + s * x.strides[d]!);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'SliceBackward0', [x], [], null, (g) => [sliceEmbed(g, inShape, d, s, step)]);
  }
  return out;
}

/** The gradient of slice: g placed into zeros of the input's shape (its own gradient is slice). */
export function sliceEmbed(g: Tensor, inShape: readonly number[], dim: number, start: number, step: number): Tensor {
  const out = alloc(inShape.slice(), g.dtype, g.storage.device);
  const strides = out.strides.slice();
  strides[dim] = out.strides[dim]! * step;
  const dst = new Tensor(out.storage, g.shape.slice(), strides, start * out.strides[dim]!, g.dtype);
  copyInto(dst, g);
  if (needsGrad(g)) {
    const len = g.shape[dim]!;
    record(out, 'SliceBackwardBackward0', [g], [], null, (gg) => [slice(gg, dim, start, start + len * step, step)]);
  }
  return out;
}

/** Raw strided copy of src's values into dst's view (same shape; must not overlap src), no autograd. */
export function copyInto(dst: Tensor, src: Tensor): void {
  backendOf(dst).copy(src, dst);
}

/** A view of `length` elements of `dim` from `start` (torch.narrow). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  dim = checkInt(dim, 'narrow', 'dim', 1);
  start = checkInt(start, 'narrow', 'start', 2);
  length = checkInt(length, 'narrow', 'length', 3);
  if (x.shape.length === 0) throw new Error('narrow() cannot be applied to a 0-dim tensor.');
  const d = normDim(dim, x.shape.length);
  const n = x.shape[d]!;
  const s = start < 0 ? start + n : start;
  if (s < 0 || s > n) throw new RangeError(`start out of range (expected to be in range of [${-n}, ${n}], but got ${start})`);
  if (length < 0 || s + length > n) throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${n}).`);
  return slice(x, d, s, s + length, 1);
}

/** A view of one index along `dim`, which is removed (torch.select). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  dim = checkInt(dim, 'select', 'dim', 1);
  index = checkInt(index, 'select', 'index', 2);
  if (x.shape.length === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const d = normDim(dim, x.shape.length);
  const n = x.shape[d]!;
  if (index < -n || index >= n) {
    throw new RangeError(`select(): index ${index} out of range for tensor of size ${fmtShape(x.shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + n : index;
  return squeeze(slice(x, d, i, i + 1, 1), d);
}

/** A view with dim `source` moved to position `destination` (torch.movedim). */
export function movedim(x: Tensor, source: number, destination: number): Tensor {
  const nd = x.shape.length;
  const s = normDim(source, nd), dd = normDim(destination, nd);
  const order = x.shape.map((_, i) => i).filter((i) => i !== s);
  order.splice(dd, 0, s);
  return permute(x, order);
}

/** A contiguous copy with its own storage (CloneBackward0). */
export function clone(x: Tensor): Tensor {
  const out = alloc(x.shape.slice(), x.dtype, x.storage.device);
  backendOf(x).copy(x, out);
  if (needsGrad(x)) record(out, 'CloneBackward0', [x], [], null, (g) => [g]);
  return out;
}

/** x itself when it is contiguous, else a contiguous copy. */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : clone(x);
}

/** Shares storage, cut from the graph. */
export function detach(x: Tensor): Tensor {
  return new Tensor(x.storage, x.shape, x.strides, x.offset, x.dtype);
}

/** x.to(dtype): a converted copy (or x itself when the dtype already matches). */
export function toDtype(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return x;
  const out = alloc(x.shape.slice(), dtype, x.storage.device);
  backendOf(x).copy(x, out);
  if (isFloating(dtype) && needsGrad(x)) {
    const from = x.dtype;
    record(out, 'ToCopyBackward0', [x], [], null, (g) => [g.to(from)]);
  }
  return out;
}
