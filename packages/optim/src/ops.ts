/**
 * The few fused in-place updates the optimizers need beyond core's methods, with PyTorch's
 * argument order. Composed from core ops until core has them natively.
 */
import type { Tensor } from '@torchlet/core';

/** self += value * t1 * t2 (torch's addcmul_). */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return self.add_(t1.mul(value).mul(t2));
}

/** self += value * t1 / t2 (torch's addcdiv_). */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return self.add_(t1.mul(value).div(t2));
}

/** torch.maximum(dst, other, out=dst). */
export function maximumInto(dst: Tensor, other: Tensor): Tensor {
  return dst.copy_(dst.maximum(other));
}
