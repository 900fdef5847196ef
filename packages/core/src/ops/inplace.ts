/**
 * The one in-place sequence every `op_` runs (PyTorch's semantics, one code path): check that
 * self may be written and can hold the result; without autograd write straight in (a kernel
 * into self, or the raw result copied in) and bump the version; with autograd refresh a view's
 * history, run the out-of-place op on self's old value (cloned when its gradient reads it),
 * write the result in, let self take over its node and rebase a view's base onto it. The
 * untracked path allocates no closures: it is the optimizers' hot path.
 */
import type { DType } from '../dtype';
import { needsGrad, record } from '../autograd/record';
import type { Tensor } from '../tensor';
import { alloc, checkInplace, writeInto } from './util';
import { rebaseViewHistory, refreshViewHistory } from './view-inplace';

/**
 * Starts an in-place op: PyTorch's checks that self may be written and can hold the result
 * (before anything is written), then whether autograd records it. When it does not, the caller
 * writes self directly (a kernel with self as `out`, or writeInto) and returns `written(self)`;
 * when it does, the caller returns `inplaceTracked(...)`.
 */
export function inplaceTracks(
  self: Tensor, shape: readonly number[], dtype: DType, differentiable: boolean, a?: Tensor | null, b?: Tensor | null,
): boolean {
  checkInplace(self, shape, dtype);
  return differentiable && needsGrad(self, a, b);
}

/** An untracked in-place write into self is done: bump the version autograd checks saved tensors by. */
export function written(self: Tensor): Tensor {
  self.storage.version++;
  return self;
}

/**
 * The tracked path: refresh a view's history, run the op with autograd on self's old value
 * (cloned when its gradient reads it), write the result in, let self take over its node, and
 * rebase a view's base onto it. `tracked` may instead write self and record on it itself,
 * returning self (unary ops whose gradient reads the output save self, as PyTorch does).
 */
export function inplaceTracked(self: Tensor, readsSelf: boolean, tracked: (old: Tensor) => Tensor): Tensor {
  refreshViewHistory(self);
  const result = tracked(readsSelf ? self.clone() : self);
  if (result !== self) {
    writeInto(self, result.detach());
    self.gradFn = result.gradFn;
    self.requiresGrad = true;
  }
  rebaseViewHistory(self);
  return self;
}

/** An in-place op through its out-of-place forms: `tracked` with autograd, `raw` without. */
export function inplaceVia(self: Tensor, other: Tensor | null, tracked: (old: Tensor) => Tensor, raw: () => Tensor): Tensor {
  if (!inplaceTracks(self, self.shape, self.dtype, true, other)) {
    writeInto(self, raw());
    return self;
  }
  return inplaceTracked(self, true, tracked);
}

/** Whether `t` shares memory with self (a kernel writing self must not read it elsewhere). */
export function aliases(self: Tensor, t: Tensor | null): boolean {
  return t !== null && t.storage === self.storage;
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
  // self's old history is an input too (its edge is taken before record replaces self's node):
  // PyTorch's FillBackward0 / CopyBackwards give it zeros.
  record(self, name, [self, src], [], null, (g) => [
    alloc(g.shape.slice(), g.dtype, g.storage.device), srcDtype === undefined ? null : g.dtype === srcDtype ? g : g.to(srcDtype),
  ]);
  rebaseViewHistory(self);
}
