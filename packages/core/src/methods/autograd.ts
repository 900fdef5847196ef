/**
 * Tensor methods of autograd: registerHook and the `data` property (a detached view sharing
 * storage, so `W.data.sub_(...)` updates W without autograd recording it).
 */
import { backendOf } from '../backend/index';
import { fmtShape, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { registerTensorHook, type RemovableHandle } from '../autograd/hooks';
import type { GradHook } from '../autograd/node';
import { detach } from '../ops/views';

declare module '../tensor' {
  interface Tensor {
    /**
     * Calls `hook(grad)` each time this tensor's gradient is computed; a returned tensor replaces
     * the gradient. `handle.remove()` unregisters it.
     * @example const h = y.registerHook((g) => g.mul(2)); ...; h.remove();
     */
    registerHook(hook: GradHook): RemovableHandle;
    /**
     * A tensor sharing this one's storage, cut from the graph (torch's `x.data`). Assigning
     * `x.data = y` replaces x's values with y's (same shape), without autograd seeing it.
     */
    data: Tensor;
  }
}

const P = Tensor.prototype;
P.registerHook = function (hook) { return registerTensorHook(this, hook); };

Object.defineProperty(P, 'data', {
  configurable: true,
  get(this: Tensor): Tensor { return detach(this); },
  set(this: Tensor, src: unknown): void {
    if (!(src instanceof Tensor)) throw new TypeError(`Variable data has to be a tensor, but got ${typeof src}`);
    // Our tensors cannot swap storage as set_data does: the values are copied in, which is what a port relies on.
    if (!shapeEquals(src.shape, this.shape)) {
      throw new Error(`x.data = y: y must have x's shape ${fmtShape(this.shape)} (torchlet replaces the values in place), got ${fmtShape(src.shape)}`);
    }
    if (src.dtype !== this.dtype) throw new Error(`x.data = y: y must have x's dtype ${this.dtype}, got ${src.dtype}`);
    // The copy kernel needs disjoint source and destination; no version bump, as set_data keeps the history valid.
    backendOf(this).copy(src.storage === this.storage ? src.clone() : src, this);
  },
});
