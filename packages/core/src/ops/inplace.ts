/**
 * The one in-place sequence every `op_` runs (PyTorch's semantics, one code path): check that
 * self may be written and can hold the result; without autograd write straight in (a kernel
 * into self, or the raw result copied in) and bump the version; with autograd refresh a view's
 * history, run the out-of-place op on self's old value (cloned when its gradient reads it),
 * write the result in, let self take over its node and rebase a view's base onto it.
 */
import type { DType } from '../dtype';
import { anyNeedsGrad, needsGrad, record } from '../autograd/record';
import type { Tensor } from '../tensor';
import { checkInplace, writeInto } from './util';
import { rebaseViewHistory, refreshViewHistory } from './view-inplace';

export interface InplaceSpec {
  /** The result's broadcast shape and dtype (checked against self's before anything is written). */
  shape?: readonly number[];
  dtype?: DType;
  /** The other tensor operands (their requiresGrad decides whether autograd records). */
  others?: readonly (Tensor | null)[];
  /** False for ops without a gradient: never recorded. */
  differentiable?: boolean;
  /**
   * Untracked fast path: runs the kernel with self as its output (safe when it reads each
   * position before writing it and no other operand shares self's memory); null when it cannot.
   */
  direct: (() => void) | null;
  /** Untracked: the result computed out of place (used when `direct` is null). */
  raw: () => Tensor;
  /** Tracked: the op with autograd on self's old value; may return self itself, written and recorded. */
  tracked: (old: Tensor) => Tensor;
  /** Whether the tracked op's gradient reads self's old value (it then gets a clone). */
  readsSelf: boolean;
}

export function inplace(self: Tensor, spec: InplaceSpec): Tensor {
  checkInplace(self, spec.shape ?? self.shape, spec.dtype ?? self.dtype);
  const others = spec.others ?? [];
  if (spec.differentiable === false || !anyNeedsGrad([self, ...others])) {
    if (spec.direct !== null) {
      spec.direct();
      self.storage.version++;
    } else {
      writeInto(self, spec.raw());
    }
    return self;
  }
  refreshViewHistory(self);
  const result = spec.tracked(spec.readsSelf ? self.clone() : self);
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
  return inplace(self, { others: [other], direct: null, raw, tracked, readsSelf: true });
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
  record(self, name, [src], [], null, (g) => [srcDtype === undefined ? null : g.dtype === srcDtype ? g : g.to(srcDtype)]);
  rebaseViewHistory(self);
}
