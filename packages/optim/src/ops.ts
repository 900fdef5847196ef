/** In-place helpers the optimizers need beyond core's tensor methods. */
import type { Tensor } from '@torchlet/core';

/** torch.maximum(dst, other, out=dst): the elementwise maximum written into dst (NaN propagates). */
export function maximumInto(dst: Tensor, other: Tensor): Tensor {
  return dst.copy_(dst.maximum(other));
}
