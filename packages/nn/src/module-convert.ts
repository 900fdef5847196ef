/**
 * Module.to(dtype) and Module.to(device): converts floating parameters (to new Parameters) and
 * buffers in place; a device move takes every parameter and buffer (with its gradient).
 */
import { Tensor, isFloating, noGrad, type DType, type DeviceType } from '@torchlet/core';
import { Parameter } from './parameter';
import { torchDtype } from './repr';

/** The parts of a module the conversion reads (structural: no Module import here). */
export interface ConvertNode {
  modules(): ConvertNode[];
  namedParameters(prefix?: string, recurse?: boolean): [string, Parameter][];
  namedBuffers(prefix?: string, recurse?: boolean): [string, Tensor][];
}

/** Converts every module's floating tensors; a parameter shared by several modules stays shared. */
export function convertModule(root: ConvertNode, dtype: DType): void {
  if (!isFloating(dtype)) throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${torchDtype(dtype)}`);
  const done = new Map<Tensor, Tensor>();
  const convert = (t: Tensor): Tensor => {
    let out = done.get(t);
    if (out === undefined) {
      const data = noGrad(() => t.to(dtype));
      if (t instanceof Parameter) {
        const p = new Parameter(data, t.requiresGrad);
        if (t.grad !== null) p.grad = t.grad.detach().to(dtype);
        out = p;
      } else {
        out = data;
      }
      done.set(t, out);
    }
    return out;
  };
  for (const m of root.modules()) {
    const entries = [...m.namedParameters('', false), ...m.namedBuffers('', false)];
    for (const [name, t] of entries) {
      if (isFloating(t.dtype) && t.dtype !== dtype) Reflect.set(m, name, convert(t));
    }
  }
}

/**
 * Moves every parameter and buffer not on `dev` there: parameters become new leaf Parameters (a
 * leaf copied across devices by an op would send its gradient back to the old one), gradients
 * move with them; a parameter shared by several modules stays shared.
 */
export function moveModule(root: ConvertNode, dev: DeviceType): void {
  const done = new Map<Tensor, Tensor>();
  const move = (t: Tensor): Tensor => {
    let out = done.get(t);
    if (out === undefined) {
      const data = noGrad(() => t.detach().to(dev));
      if (t instanceof Parameter) {
        const p = new Parameter(data, t.requiresGrad);
        if (t.grad !== null) p.grad = noGrad(() => t.grad!.detach().to(dev));
        out = p;
      } else {
        out = data;
      }
      done.set(t, out);
    }
    return out;
  };
  for (const m of root.modules()) {
    const entries = [...m.namedParameters('', false), ...m.namedBuffers('', false)];
    for (const [name, t] of entries) {
      if (t.storage.device !== dev) Reflect.set(m, name, move(t));
    }
  }
}
