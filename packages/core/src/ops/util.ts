/** Small helpers shared by the ops: output allocation and argument checks. */
import { getDefaultDtype, isFloating, type DType, type TypedArray } from '../dtype';
import { isGradEnabled } from '../autograd/grad-mode';
import { backendOf, deviceBackend } from '../backend/index';
import type { DeviceType } from '../backend/types';
import type { Device } from '../device';
import { contiguousStrides, fmtShape, numelOf, shapeEquals } from '../shape';
import { Tensor } from '../tensor';

/** A new contiguous zero-filled tensor on `device`. */
export function alloc(shape: number[], dtype: DType, device: DeviceType | Device = 'cpu'): Tensor {
  const n = numelOf(shape);
  return new Tensor(deviceBackend(device).alloc(dtype, n), shape, contiguousStrides(shape), 0, dtype, true, n);
}

/** A new tensor of `shape` holding host `data` (row-major, dtype's array type). */
export function fromHost(data: TypedArray, shape: number[], dtype: DType, device: DeviceType | Device = 'cpu'): Tensor {
  return Tensor.fromData(data, shape, dtype, device);
}

/** A 0-dim tensor holding `v` (already in dtype's range; bool as 0/1). */
export function scalarOf(v: number, dtype: DType, device: DeviceType | Device = 'cpu'): Tensor {
  const t = alloc([], dtype, device);
  if (!Object.is(v, 0)) backendOf(t).fill(t, v); // -0 must be written: a fresh storage holds +0
  return t;
}

export { getDefaultDtype, setDefaultDtype } from '../dtype';

/** The dtype a float-valued op (exp, sqrt, mean, true division) returns for this input. */
export function floatDtype(d: DType): DType {
  return isFloating(d) ? d : getDefaultDtype();
}

export const NO_GRAD_VIEW_INPLACE = 'A view was created in no_grad mode and is being modified inplace with grad mode enabled. ' +
  'Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving ' +
  "both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be " +
  'tracked) or both outside (if you want the inplace to be tracked).';

/** PyTorch's in-place guards: leaves that require grad, and outputs that cannot hold the result. */
export function checkInplace(self: Tensor, resultShape: readonly number[], resultDtype: DType): void {
  if (isGradEnabled()) {
    const base = self.base;
    if (base !== null && base.requiresGrad && base.gradFn === null) {
      // A view of such a leaf that does not require grad itself was made under noGrad.
      if (self.requiresGrad) throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
      throw new Error(NO_GRAD_VIEW_INPLACE);
    }
    if (self.requiresGrad && self.gradFn === null) throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  // An empty tensor has no elements to overlap.
  for (let i = 0; i < self.shape.length && self.elements > 0; i++) {
    if (self.strides[i] === 0 && self.shape[i]! > 1) {
      throw new Error('unsupported operation: more than one element of the written-to tensor refers to a single memory ' +
        'location. Please clone() the tensor before performing the operation.');
    }
  }
  if (!shapeEquals(self.shape, resultShape)) {
    throw new Error(`output with shape ${fmtShape(self.shape)} doesn't match the broadcast shape ${fmtShape(resultShape)}`);
  }
  if (resultDtype !== self.dtype && !canCast(resultDtype, self.dtype)) {
    throw new TypeError(`result type ${scalarTypeName(resultDtype)} can't be cast to the desired output type ${scalarTypeName(self.dtype)}`);
  }
}

/** torch.can_cast: no float -> integral, no non-bool -> bool. */
export function canCast(from: DType, to: DType): boolean {
  if (isFloating(from) && !isFloating(to)) return false;
  if (from !== 'bool' && to === 'bool') return false;
  return true;
}

export function scalarTypeName(d: DType): string {
  switch (d) {
    case 'float32': return 'Float';
    case 'float64': return 'Double';
    case 'int32': return 'Int';
    case 'int64': return 'Long';
    case 'bool': return 'Bool';
    case 'float16': return 'Half';
    case 'bfloat16': return 'BFloat16';
    case 'uint8': return 'Byte';
    case 'int8': return 'Char';
    case 'int16': return 'Short';
  }
}

/** Writes src's values (same shape, any strides, cast to self's dtype) into `self`, then bumps the version. */
export function writeInto(self: Tensor, src: Tensor): void {
  const same = src.storage === self.storage && src.offset === self.offset && shapeEquals(src.strides, self.strides);
  if (!same) backendOf(self).copy(src, self);
  self.storage.version++;
}

/** The keyword options every creation function takes (PyTorch's dtype=, device=, requires_grad=). */
export const TENSOR_KEYS = ['dtype', 'device', 'requiresGrad'];

/** A new tensor's last step in the creation functions: `requiresGrad: true` makes it a leaf that records. */
export function finish(t: Tensor, opts: { requiresGrad?: boolean }): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}
