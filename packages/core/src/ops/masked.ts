/**
 * Boolean-mask ops: maskedFill, maskedSelect, maskedScatter (and in-place forms). The mask
 * broadcasts against the input; gradients route through the same mask.
 */
import { checkedCast, type DType, type TypedArray } from '../dtype';
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, fmtShape } from '../shape';
import { Tensor } from '../tensor';
import { alloc, checkInplace, fromHost, scalarTypeName } from './util';
import { sumToShape, where } from './binary';
import { inplaceVia } from './inplace';
import { cat } from './join';
import { checkHostReadable } from './devices';

/** c10's lower-case dtype names, as PyTorch prints them in mask errors. */
function cName(d: DType): string {
  return { float32: 'float', float64: 'double', int32: 'int', int64: 'long int', bool: 'bool', float16: 'c10::Half', bfloat16: 'c10::BFloat16', uint8: 'unsigned char', int8: 'signed char', int16: 'short int' }[d];
}

function checkMask(op: string, mask: Tensor): void {
  if (mask.dtype !== 'bool') throw new TypeError(`${op} only supports boolean masks, but got mask with dtype ${cName(mask.dtype)}`);
}

/** The fill value as a 0-dim tensor of x's dtype. */
function fillValue(x: Tensor, value: number | boolean | Tensor): Tensor {
  if (value instanceof Tensor) {
    if (value.shape.length !== 0) {
      throw new Error(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.shape.length} dimension(s).`);
    }
    return value.dtype === x.dtype ? value : value.to(x.dtype);
  }
  // Filled even for zero: -0 must stay -0.
  const t = alloc([], x.dtype, x.storage.device);
  backendOf(t).fill(t, checkedCast(x.dtype, typeof value === 'boolean' ? (value ? 1 : 0) : value, 'scalar'));
  return t;
}

/**
 * torch.masked_fill: x with `value` wherever mask is true (mask broadcasts).
 * @example maskedFill(scores, mask, -Infinity) // attention masking
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  checkMask('masked_fill_', mask);
  const v = fillValue(x, value);
  const shape = broadcastShapes(mask.shape, x.shape);
  const out = alloc(shape, x.dtype, x.storage.device);
  backendOf(out).where(mask, v, x, out);
  const vt = value instanceof Tensor ? v : null;
  if (needsGrad(x, vt)) {
    const xShape = x.shape.slice();
    record(out, vt === null ? 'MaskedFillBackward0' : 'MaskedFillBackward1', [x, vt], [mask], null, (g, s) => [
      sumToShape(where(s[0]!, 0, g), xShape), vt === null ? null : where(s[0]!, g, 0).sum(),
    ]);
  }
  return out;
}

/** x.maskedFill_(mask, value): in place; the mask must broadcast to x's shape. */
export function maskedFill_(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  checkMask('masked_fill_', mask);
  const v = fillValue(x, value);
  checkInplace(x, broadcastShapes(x.shape, mask.shape), x.dtype);
  const vt = value instanceof Tensor ? v : null;
  if (!needsGrad(x, vt) && x.isContiguous() && mask.storage !== x.storage && v.storage !== x.storage) {
    // Elementwise in the same layout, so the kernel may write where it reads.
    backendOf(x).where(mask, v, x, x);
    x.storage.version++;
    return x;
  }
  return inplaceVia(x, vt, (old) => maskedFill(old, mask, v), () => maskedFill(x.detach(), mask, v.detach()));
}

/** Contiguous copy of t read with `shape` (broadcast), no autograd. */
function expandedCopy(t: Tensor, shape: number[]): Tensor {
  const out = alloc(shape, t.dtype, t.storage.device);
  backendOf(t).copy(t.detach().expand(shape), out);
  return out;
}

/** The mask's values broadcast to `shape`, row-major, on the host (they decide which values go where). */
function maskValues(mask: Tensor, shape: number[]): TypedArray {
  return mask.expand(shape).toTypedArray();
}

/**
 * torch.masked_select: a 1-D tensor of the entries where mask is true, in row-major order.
 * @example maskedSelect(tensor([1, -2, 3]), tensor([1, -2, 3]).gt(0)) // [1, 3]
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new TypeError('masked_select: expected BoolTensor for mask');
  if (mask.storage.device !== 'cpu') checkHostReadable('masked_select', 'maskedSelect(mask)', mask);
  const shape = broadcastShapes(mask.shape, x.shape);
  // Only the mask comes to the host: its true positions index x's values in a kernel.
  const ms = maskValues(mask, shape);
  let count = 0;
  for (let i = 0; i < ms.length; i++) if (ms[i]) count++;
  const picks = new Int32Array(count);
  for (let i = 0, k = 0; i < ms.length; i++) if (ms[i]) picks[k++] = i;
  const out = alloc([count], x.dtype, x.storage.device);
  if (count > 0) {
    const flat = x.detach().expand(shape).reshape([-1]);
    backendOf(out).indexSelect(flat, 0, fromHost(picks, [count], 'int32', x.storage.device), out);
  }
  if (needsGrad(x)) {
    const xShape = x.shape.slice();
    record(out, 'MaskedSelectBackward0', [x], [mask], null, (g, s) => [
      sumToShape(maskedScatter(alloc(shape, g.dtype, g.storage.device), s[0]!, g), xShape),
    ]);
  }
  return out;
}

function scatterChecks(x: Tensor, mask: Tensor, source: Tensor): void {
  checkMask('masked_scatter_', mask);
  if (source.dtype !== x.dtype) {
    throw new TypeError(`masked_scatter: expected self and source to have same dtypes but got${scalarTypeName(x.dtype)} and ${scalarTypeName(source.dtype)}`);
  }
}

function maskedScatterRaw(x: Tensor, mask: Tensor, source: Tensor, shape: number[]): Tensor {
  const ms = maskValues(mask, shape);
  // The k-th true position (row-major) takes source's k-th value; a kernel moves the values.
  const picks = new Int32Array(ms.length);
  let count = 0;
  for (let i = 0; i < ms.length; i++) if (ms[i]) picks[i] = count++;
  if (count > source.numel()) throw new Error('Number of elements of source < number of ones in mask');
  if (count === 0) return expandedCopy(x, shape);
  const vals = alloc([ms.length], x.dtype, x.storage.device);
  backendOf(vals).indexSelect(source.detach().reshape([-1]), 0, fromHost(picks, [ms.length], 'int32', x.storage.device), vals);
  const out = alloc(shape, x.dtype, x.storage.device);
  backendOf(out).where(mask, vals.view(shape), x, out);
  return out;
}

/**
 * torch.masked_scatter: x with the masked positions filled, in order, from source's values.
 * @example maskedScatter(zeros(3), tensor([true, false, true]), tensor([5, 6])) // [5, 0, 6]
 */
export function maskedScatter(x: Tensor, mask: Tensor, source: Tensor): Tensor {
  scatterChecks(x, mask, source);
  const shape = broadcastShapes(x.shape, mask.shape);
  const out = maskedScatterRaw(x, mask, source, shape);
  if (needsGrad(x, source)) {
    const xShape = x.shape.slice(), srcShape = source.shape.slice(), n = source.numel();
    record(out, 'MaskedScatterBackward0', [x, source], [mask], null, (g, s) => {
      const m = s[0]!;
      const picked = maskedSelect(g, m);
      const pad = n - picked.numel();
      const gs = (pad > 0 ? cat([picked, alloc([pad], g.dtype, g.storage.device)]) : picked).reshape(srcShape);
      return [sumToShape(where(m, 0, g), xShape), gs];
    });
  }
  return out;
}

export function maskedScatter_(x: Tensor, mask: Tensor, source: Tensor): Tensor {
  scatterChecks(x, mask, source);
  const shape = broadcastShapes(x.shape, mask.shape);
  if (shape.length !== x.shape.length || shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  return inplaceVia(x, source, (old) => maskedScatter(old, mask, source), () => maskedScatterRaw(x, mask, source, shape));
}
