/** torch.nn.Parameter: a Tensor that a Module registers as learnable when assigned to it. */
import { Tensor, zeros } from '@torchlet/core';

/**
 * A Tensor marked as a module parameter. It shares `data`'s storage (no copy), is a leaf, and
 * requires grad unless `requiresGrad` is false. Results of ops on it are plain Tensors.
 * @example
 * class Scale extends nn.Module {
 *   w = new nn.Parameter(ones(3));
 *   forward(x: Tensor): Tensor { return x.mul(this.w); }
 * }
 */
export class Parameter extends Tensor {
  constructor(data: Tensor = zeros(0), requiresGrad = true) {
    super(data.storage, data.shape.slice(), data.strides.slice(), data.offset, data.dtype);
    if (requiresGrad) this.requiresGrad_(true);
  }

  /** Prints like PyTorch: `Parameter containing:\ntensor([...], requires_grad=True)`. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
