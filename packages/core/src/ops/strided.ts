/**
 * Ops that choose strides directly: Tensor.unfold (sliding windows, a view), asStrided (a guarded
 * view of the storage) and view(dtype) (bit reinterpretation). Gradients are index ops
 * (indexAdd / indexSelect) over element positions, so overlapping windows sum and double backward
 * works.
 */
import { needsGrad, record } from '../autograd/record';
import { checkedCast, type DType, type TypedArray } from '../dtype';
import { checkInt, checkIntList, fmtShape, normDim, numelOf } from '../shape';
import { Tensor } from '../tensor';
import { alloc, fromHost, scalarTypeName } from './util';
import { indexAdd, indexSelect } from './indexing';

function viewOf(x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const out = new Tensor(x.storage, shape, strides, offset, x.dtype);
  out.base = x.base ?? x;
  return out;
}

/**
 * Tensor.unfold: all windows of `size` elements along `dimension`, `step` apart, as a view; the
 * windows become a new last dim.
 * @example arange(5).unfold(0, 2, 2) // [[0, 1], [2, 3]]
 */
export function unfold(x: Tensor, dimension: number, size: number, step: number): Tensor {
  dimension = checkInt(dimension, 'unfold', 'dimension', 1);
  size = checkInt(size, 'unfold', 'size', 2);
  step = checkInt(step, 'unfold', 'step', 3);
  const nd = x.shape.length;
  const d = normDim(dimension, Math.max(nd, 1));
  const n = nd === 0 ? 1 : x.shape[d]!;
  if (size > n) throw new Error(`maximum size for tensor at dimension ${d} is ${n} but size is ${size}`);
  if (size < 0) throw new Error(`size is ${size} but must be >= 0`);
  if (step <= 0) throw new Error(`step is ${step} but must be > 0`);
  let out: Tensor;
  if (nd === 0) {
    out = viewOf(x, [size], [1], x.offset);
  } else {
    const shape = x.shape.slice(), strides = x.strides.slice();
    shape[d] = Math.floor((n - size) / step) + 1;
    strides[d] = x.strides[d]! * step;
    out = viewOf(x, [...shape, size], [...strides, x.strides[d]!], x.offset);
  }
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    const windows = nd === 0 ? 1 : out.shape[d]!;
    const pos = new Int32Array(windows * size);
    for (let w = 0; w < windows; w++) for (let k = 0; k < size; k++) pos[w * size + k] = w * step + k;
    const index = fromHost(pos, [pos.length], 'int32', x.storage.device);
    record(out, 'UnfoldBackward0', [x], [index], null, (g, s) => {
      if (nd === 0) return [g.reshape([])];
      const flat = g.movedim(-1, d + 1).flatten(d, d + 1);
      return [indexAdd(alloc(inShape.slice(), g.dtype, g.storage.device), d, s[0]!, flat)];
    });
  }
  return out;
}

/** Row-major storage positions of the elements of (shape, strides, offset). */
function positions(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const out = new Int32Array(numelOf(shape));
  const idx = new Array<number>(shape.length).fill(0);
  let p = offset;
  for (let k = 0; k < out.length; k++) {
    out[k] = p;
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++idx[i]! < shape[i]!) { p += strides[i]!; break; }
      p -= (shape[i]! - 1) * strides[i]!;
      idx[i] = 0;
    }
  }
  return out;
}

/** One past the last storage element a (shape, strides, offset) window reads (offset for empty). */
function extentEnd(shape: readonly number[], strides: readonly number[], offset: number): number {
  if (numelOf(shape) === 0) return offset;
  return shape.reduce((end, s, i) => end + (s - 1) * strides[i]!, offset) + 1;
}

/**
 * torch.as_strided: a view of x's storage with the given sizes, strides and storage offset
 * (default x's). Guarded: a window reaching past the storage raises PyTorch's error. The storage
 * size known here is the extent of x's base tensor (the tensor that owns the storage).
 * The gradient is PyTorch's general as_strided backward: out's gradient summed into storage
 * positions, read back through x's geometry (divided where x's own elements overlap).
 */
export function asStrided(x: Tensor, size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor {
  const shape = checkIntList(size, 'as_strided', 'size', 'SymInts');
  const strides = checkIntList(stride, 'as_strided', 'stride', 'SymInts');
  const offset = storageOffset === undefined ? x.offset : checkInt(storageOffset, 'as_strided', 'storage_offset', 3);
  if (shape.length !== strides.length) throw new Error('mismatch in length of strides and shape');
  const bad = shape.find((s) => s < 0);
  if (bad !== undefined) throw new Error(`Storage size calculation overflowed with sizes=${fmtShape(shape)} and strides=${fmtShape(strides)}`);
  if (strides.some((s) => s < 0)) throw new Error(`as_strided: Negative strides are not supported at the moment, got strides: ${fmtShape(strides)}`);
  if (offset < 0) throw new Error(`Tensor: invalid storage offset ${offset}`);
  const root = x.base ?? x;
  const storageSize = Math.max(extentEnd(root.shape, root.strides, root.offset), extentEnd(x.shape, x.strides, x.offset));
  const need = numelOf(shape) === 0 ? 0 : extentEnd(shape, strides, offset);
  if (need > storageSize) {
    const item = x.dtype === 'float64' ? 8 : x.dtype === 'bool' ? 1 : 4;
    throw new Error(`setStorage: sizes ${fmtShape(shape)}, strides ${fmtShape(strides)}, storage offset ${offset}, and itemsize ${item} requiring a storage size of ${need * item} are out of bounds for storage of size ${storageSize * item}`);
  }
  const out = viewOf(x, shape, strides, offset);
  if (needsGrad(x)) {
    const outPos = positions(shape, strides, offset);
    const inPos = positions(x.shape, x.strides, x.offset);
    let lo = Infinity, hi = -1;
    for (const p of [...outPos, ...inPos]) { lo = Math.min(lo, p); hi = Math.max(hi, p); }
    const span = Math.max(hi - lo + 1, 0);
    const counts = new Float64Array(span);
    for (let k = 0; k < inPos.length; k++) counts[inPos[k]! - lo]!++;
    const overlap = counts.some((c) => c > 1);
    const inCounts = Float64Array.from(inPos, (p) => counts[p - lo]!);
    const outIdx = fromHost(outPos.map((p) => p - lo), [outPos.length], 'int32', x.storage.device);
    const inIdx = fromHost(inPos.map((p) => p - lo), [inPos.length], 'int32', x.storage.device);
    const inShape = x.shape.slice();
    record(out, 'AsStridedBackward0', [x], [outIdx, inIdx], null, (g, s) => {
      const store = indexAdd(alloc([span], g.dtype, g.storage.device), 0, s[0]!, g.reshape([-1]));
      let gin = indexSelect(store, 0, s[1]!);
      if (overlap) gin = gin.div(fromHost(inCounts, [inCounts.length], 'float64', g.storage.device).to(g.dtype));
      return [gin.reshape(inShape)];
    });
  }
  return out;
}

const ITEM_SIZE: Record<DType, number> = { float32: 4, int32: 4, int64: 8, float64: 8, bool: 1, float16: 2, bfloat16: 2, uint8: 1, int8: 1, int16: 2 };
const LEGACY: Record<DType, string> = { float32: 'Float', int32: 'Int', int64: 'Long', float64: 'Double', bool: 'Bool', float16: 'Half', bfloat16: 'BFloat16', uint8: 'Byte', int8: 'Char', int16: 'Short' };

function reinterpret(a: TypedArray, dtype: DType): TypedArray {
  const { buffer, byteOffset, byteLength } = a;
  switch (dtype) {
    case 'float32': return new Float32Array(buffer, byteOffset, byteLength / 4);
    case 'int32': return new Int32Array(buffer, byteOffset, byteLength / 4);
    case 'float64': return new Float64Array(buffer, byteOffset, byteLength / 8);
    case 'bool': case 'uint8': return new Uint8Array(buffer, byteOffset, byteLength);
    case 'int8': return new Int8Array(buffer, byteOffset, byteLength);
    case 'int16': return new Int16Array(buffer, byteOffset, byteLength / 2);
    case 'float16': case 'bfloat16': return new Uint16Array(buffer, byteOffset, byteLength / 2);
    case 'int64': return Float64Array.from(new BigInt64Array(buffer, byteOffset, byteLength / 8), (v) => checkedCast('int64', Number(v)));
  }
}

/** The bytes of x's elements (int64's doubles written as two's complement int64). */
function bytesOf(x: Tensor): TypedArray {
  const a = x.toTypedArray();
  return x.dtype === 'int64' ? new Float64Array(BigInt64Array.from(a, (v) => BigInt(v)).buffer) : a;
}

/**
 * Tensor.view(dtype): x's bytes read as `dtype` (float32 <-> int32 bit patterns; between element
 * sizes the last dim scales, as PyTorch). Like PyTorch's, not differentiable. Unlike PyTorch's it
 * is a copy, not a view: the device seam has no typed re-view of a storage yet, so writes to
 * the result do not reach x. Viewing as bool from a wider dtype is refused (its bytes are not 0/1).
 */
export function viewDtype(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return viewOf(x, x.shape.slice(), x.strides.slice(), x.offset);
  const from = ITEM_SIZE[x.dtype], to = ITEM_SIZE[dtype];
  const shape = x.shape.slice();
  if (from !== to) {
    const what = `view ${LEGACY[x.dtype]} as ${LEGACY[dtype]} (different element sizes)`;
    if (shape.length === 0) throw new Error(`self.dim() cannot be 0 to ${what}`);
    const last = shape[shape.length - 1]!;
    if (x.strides[shape.length - 1] !== 1 && last !== 1) {
      throw new Error(`self.stride(-1) must be 1 to ${what}, but got ${x.strides[shape.length - 1]}`);
    }
    if (to > from && last % (to / from) !== 0) {
      throw new Error(`self.size(-1) must be divisible by ${to / from} to ${what}, but got ${last}`);
    }
    if (dtype === 'bool') throw new Error(`view(dtype): viewing ${scalarTypeName(x.dtype)} as Bool is not supported here (its bytes need not be 0 or 1)`);
    shape[shape.length - 1] = (last * from) / to;
  }
  return fromHost(reinterpret(bytesOf(x), dtype), shape, dtype, x.storage.device);
}
