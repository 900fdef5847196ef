/** Module.to(dtype): converts floating parameters (to new Parameters) and buffers in place. */
import { Tensor, isFloating, noGrad, type DType } from '@torchlet/core';
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
