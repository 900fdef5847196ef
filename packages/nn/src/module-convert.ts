/**
 * Module.to(dtype) and Module.to(device): converts floating parameters and buffers in place, as
 * PyTorch does; a device move takes every parameter and buffer (with its gradient).
 */
import { Tensor, isFloating, noGrad, type DType, type DeviceType } from '@torchlet/core';
import { setTensorData } from '@torchlet/core/internal';
import type { Parameter } from './parameter';
import { torchDtype } from './repr';

/** The parts of a module the conversion reads (structural: no Module import here). */
export interface ConvertNode {
  modules(): ConvertNode[];
  namedParameters(prefix?: string, recurse?: boolean): [string, Parameter][];
  namedBuffers(prefix?: string, recurse?: boolean): [string, Tensor][];
}

/**
 * Rebinds every parameter and buffer of the tree that `wanted` selects to `convert(t)`, in place
 * (PyTorch's `param.data = fn(param)`, and `param.grad.data = fn(param.grad)`): the Parameter
 * objects stay the same, so an optimizer built before `model.to(...)` keeps updating the model; a
 * tensor shared by several modules is converted once.
 */
function rebindAll(root: ConvertNode, wanted: (t: Tensor) => boolean, convert: (t: Tensor) => Tensor): void {
  const done = new Set<Tensor>();
  for (const m of root.modules()) {
    for (const [, t] of [...m.namedParameters('', false), ...m.namedBuffers('', false)]) {
      if (done.has(t) || !wanted(t)) continue;
      done.add(t);
      noGrad(() => {
        setTensorData(t, convert(t.detach()));
        if (t.grad !== null) setTensorData(t.grad, convert(t.grad.detach()));
      });
    }
  }
}

/** Converts every module's floating tensors to `dtype`, in place. */
export function convertModule(root: ConvertNode, dtype: DType): void {
  if (!isFloating(dtype)) throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${torchDtype(dtype)}`);
  rebindAll(root, (t) => isFloating(t.dtype) && t.dtype !== dtype, (t) => t.to(dtype));
}

/** Moves every parameter and buffer not on `dev` there (with its gradient), in place. */
export function moveModule(root: ConvertNode, dev: DeviceType): void {
  // int64 buffers (BatchNorm's num_batches_tracked) move to webgpu as int32: WGSL has no 64-bit integers.
  rebindAll(root, (t) => t.storage.device !== dev, (t) => (dev === 'webgpu' && t.dtype === 'int64' ? t.to(dev, 'int32') : t.to(dev)));
}
