/** The user-facing autograd calls: tensor.backward(), autograd.grad(). */
import { backendOf } from '../backend/index';
import { fmtShape, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from '../ops/util';
import { runBackward, type BackwardOptions } from './engine';

function seedGradient(out: Tensor, gradient: Tensor | undefined, index: number): Tensor {
  if (!out.requiresGrad) {
    throw new Error(`element ${index} of tensors does not require grad and does not have a grad_fn`);
  }
  if (gradient === undefined) {
    if (out.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
    const one = alloc(out.shape.slice(), out.dtype, out.storage.device);
    backendOf(one).fill(one, 1);
    return one;
  }
  if (!shapeEquals(gradient.shape, out.shape)) {
    throw new Error(`Mismatch in shape: grad_output[${index}] has a shape of torch.Size(${fmtShape(gradient.shape)}) and output[${index}] has a shape of torch.Size(${fmtShape(out.shape)}).`);
  }
  return gradient.dtype === out.dtype ? gradient : gradient.to(out.dtype);
}

/** tensor.backward(gradient?, {retainGraph, createGraph}): accumulates into leaves' .grad. */
export function backward(out: Tensor, gradient?: Tensor, opts: BackwardOptions = {}): void {
  runBackward([out], [seedGradient(out, gradient, 0)], opts);
}

export interface GradOptions extends BackwardOptions {
  /** The gradient of each output (PyTorch's grad_outputs); may be omitted for outputs with one element, which get 1. */
  gradOutputs?: readonly (Tensor | undefined)[];
  /** Return null for inputs the outputs do not depend on, instead of raising. */
  allowUnused?: boolean;
}

/**
 * torch.autograd.grad: gradients of outputs with respect to inputs, without touching `.grad`.
 * @example const [dx] = autograd.grad([y], [x], { createGraph: true });
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = outputs instanceof Tensor ? [outputs] : outputs;
  const ins = inputs instanceof Tensor ? [inputs] : inputs;
  ins.forEach((t) => {
    if (!t.requiresGrad) throw new Error('One of the differentiated Tensors does not require grad');
  });
  const seeds = outs.map((o, i) => seedGradient(o, opts.gradOutputs?.[i], i));
  const result = runBackward(outs, seeds, opts, ins);
  if (!opts.allowUnused && result.some((r) => r === null)) {
    throw new Error('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
  }
  return result;
}
