/** In-place ops expressed through their out-of-place forms (PyTorch's semantics, one code path). */
import { needsGrad, record } from '../autograd/record';
import type { Tensor } from '../tensor';
import { checkInplace, writeInto } from './util';
import { rebaseViewHistory, refreshViewHistory } from './view-inplace';

/**
 * Runs an in-place op on `self` after the caller validated its arguments. Without autograd the
 * raw result is written straight in; with it, the op runs on a clone of the old value and `self`
 * takes over the result's node, as binaryInplace does. The version is bumped either way.
 */
export function inplaceVia(self: Tensor, other: Tensor | null, tracked: (old: Tensor) => Tensor, raw: () => Tensor): Tensor {
  checkInplace(self, self.shape, self.dtype);
  if (!needsGrad(self, other)) {
    writeInto(self, raw());
    return self;
  }
  refreshViewHistory(self);
  const result = tracked(self.clone());
  writeInto(self, result.detach());
  self.gradFn = result.gradFn;
  self.requiresGrad = true;
  rebaseViewHistory(self);
  return self;
}

/**
 * fill_ / copy_ with autograd: `write` overwrites self; self's old values then get no gradient and
 * `src` (copy_'s source, already expanded to self's shape) gets the gradient, cast to its dtype.
 */
export function overwriteTracked(self: Tensor, name: 'FillBackward0' | 'CopyBackwards', src: Tensor | null, write: () => void): void {
  if (!needsGrad(self, src)) {
    write();
    return;
  }
  refreshViewHistory(self);
  write();
  const srcDtype = src?.dtype;
  record(self, name, [src], [], null, (g) => [srcDtype === undefined ? null : g.dtype === srcDtype ? g : g.to(srcDtype)]);
  rebaseViewHistory(self);
}
