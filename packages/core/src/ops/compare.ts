/**
 * Closeness and equality of whole tensors: torch.isclose (elementwise, bool), torch.allclose and
 * torch.equal (one boolean). Composed of comparisons, in PyTorch's order of operations, so the
 * float32 tolerances round as PyTorch's do. None of them is differentiable.
 */
import { getDefaultDtype, isFloating, type DType } from '../dtype';
import type { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { noGrad } from '../autograd/grad-mode';
import { shapeEquals } from '../shape';
import { checkTensorArg } from './arg-checks';
import { checkHostOp } from './devices';

/** isclose's and allclose's keyword options: |a - b| <= atol + rtol * |b|. */
export interface IscloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Whether NaN equals NaN (default false). */
  equalNan?: boolean;
}

const TYPE_NAME: Record<DType, string> = { float32: 'Float', float64: 'Double', int32: 'Long', int64: 'Long', bool: 'Bool', float16: 'Half', bfloat16: 'BFloat16', uint8: 'Byte', int8: 'Char', int16: 'Short' };

/**
 * |a - b| <= atol + rtol * |b| elementwise (or a == b, e.g. equal infinities), NaNs equal only
 * with equalNan. a and b must have one dtype; they broadcast.
 * @example isclose(tensor([1, 2]), tensor([1.000001, 2.1])) // [true, false]
 */
export function isclose(a: Tensor, b: Tensor, opts: IscloseOptions = {}): Tensor {
  return iscloseOf('isclose', a, b, opts);
}

function iscloseOf(name: string, a: Tensor, b: Tensor, opts: IscloseOptions): Tensor {
  checkTensorArg(name, 'other', 2, b);
  checkOptions(name, opts, ['rtol', 'atol', 'equalNan']);
  const rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-8, equalNan = opts.equalNan ?? false;
  if (a.dtype !== b.dtype) throw new Error(`${TYPE_NAME[a.dtype]} did not match ${TYPE_NAME[b.dtype]}`);
  if (!(rtol >= 0)) throw new Error(`rtol must be greater than or equal to zero, but got ${rtol}`);
  if (!(atol >= 0)) throw new Error(`atol must be greater than or equal to zero, but got ${atol}`);
  return noGrad(() => {
    let close = a.eq(b);
    if (equalNan && isFloating(a.dtype)) close = close.logicalOr(a.isnan().logicalAnd(b.isnan()));
    // Zero tolerances leave the equality check.
    if (rtol === 0 && atol === 0) return close;
    const x = a.dtype === 'bool' ? a.to(getDefaultDtype()) : a;
    const y = b.dtype === 'bool' ? b.to(getDefaultDtype()) : b;
    const allowed = y.mul(rtol).abs().add(atol);
    const actual = x.sub(y).abs();
    return close.logicalOr(actual.isfinite().logicalAnd(actual.le(allowed)));
  });
}

/** Whether every element of a and b is close (isclose's rule); they broadcast. */
export function allclose(a: Tensor, b: Tensor, opts: IscloseOptions = {}): boolean {
  checkHostOp('allclose', "It returns a JS boolean, a sync read: keep the test on the device, await torch.isclose(a, b).all().itemAsync(), or run it on CPU copies, torch.allclose(await a.toAsync('cpu'), await b.toAsync('cpu'))", a, b);
  return Boolean(iscloseOf('allclose', a, b, opts).all().item());
}

/** Whether a and b have the same shape and equal elements (NaN is not equal to itself). */
export function equal(a: Tensor, b: Tensor): boolean {
  checkTensorArg('equal', 'other', 2, b);
  if (!shapeEquals(a.shape, b.shape)) return false;
  checkHostOp('equal', "It returns a JS boolean, a sync read: keep the test on the device, await a.eq(b).all().itemAsync() (same shapes), or run it on CPU copies, torch.equal(await a.toAsync('cpu'), await b.toAsync('cpu'))", a, b);
  return noGrad(() => Boolean(a.eq(b).all().item()));
}
