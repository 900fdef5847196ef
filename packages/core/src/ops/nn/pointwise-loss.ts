/**
 * An elementwise loss as one node, for losses where PyTorch has a dedicated node
 * (MseLossBackward0, HuberLossBackward0, BinaryCrossEntropyBackward0, ...): forward values without
 * a graph, the gradient g * dL/dx (and dL/dy) from `partials` (written in differentiable ops),
 * scaled by 1/n for the mean. Its formulas (BCE's clamped x(1-x) denominator, smooth L1's d / beta)
 * round as PyTorch's do, which autograd through the forward's composition would not.
 */
import { needsGrad, record } from '../../autograd/record';
import { noGrad } from '../../autograd/grad-mode';
import { broadcastShapes, numelOf } from '../../shape';
import type { Tensor } from '../../tensor';
import { sumToShape } from '../binary';
import { checkReduction, type Reduction } from './nll';

export type LossPartials = (x: Tensor, y: Tensor) => [Tensor | null, Tensor | null];

function reduce(t: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? t.mean() : reduction === 'sum' ? t.sum() : t;
}

export function pointwiseLoss(
  node: string, input: Tensor, target: Tensor, reduction: Reduction, value: (x: Tensor, y: Tensor) => Tensor, partials: LossPartials,
): Tensor {
  const red = checkReduction(reduction);
  const out = noGrad(() => reduce(value(input, target), red));
  if (needsGrad(input, target)) {
    const xShape = input.shape.slice(), yShape = target.shape.slice();
    const gx = input.requiresGrad, gy = target.requiresGrad;
    record(out, node, [input, target], [input, target], null, (g, s) => {
      // Both operands broadcast to one shape (PyTorch broadcasts, warning when shapes differ).
      const shape = broadcastShapes(s[0]!.shape, s[1]!.shape);
      const [dx, dy] = partials(s[0]!.expand(shape), s[1]!.expand(shape));
      const scale = red === 'mean' ? g.div(numelOf(shape)) : g;
      return [
        gx && dx ? sumToShape(dx.mul(scale), xShape) : null,
        gy && dy ? sumToShape(dy.mul(scale), yShape) : null,
      ];
    });
  }
  return out;
}

