/**
 * How nn's composed activations get PyTorch's node names: the forward runs without a graph and
 * one node is recorded whose backward is written in differentiable ops (so double backward
 * works); in-place forms go through the one in-place sequence of ops/inplace.ts.
 */
import { noGrad } from '../../autograd/grad-mode';
import { anyNeedsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';
import { inplaceVia } from '../inplace';

/**
 * `forward()` as one node named `node` over `inputs` (saved for backward, version-checked);
 * `backward(g, saved)` returns one gradient (or null) per input.
 * @example withNode('HardsigmoidBackward0', [x], () => x.add(3).clamp(0, 6).div(6), (g, [x]) => [...])
 */
export function withNode(
  node: string, inputs: readonly Tensor[], forward: () => Tensor,
  backward: (g: Tensor, saved: readonly Tensor[]) => readonly (Tensor | null)[],
): Tensor {
  const out = noGrad(forward);
  if (anyNeedsGrad(inputs)) record(out, node, inputs, inputs, null, (g, s) => backward(g, s));
  return out;
}

/**
 * `op(self)` written into self with PyTorch's in-place checks (a leaf that requires grad, a
 * result that does not fit) made before anything is written; with autograd self takes over the
 * node of `op` on its old value.
 */
export function applyInplace(self: Tensor, op: (x: Tensor) => Tensor): Tensor {
  return inplaceVia(self, null, op, () => noGrad(() => op(self)));
}
