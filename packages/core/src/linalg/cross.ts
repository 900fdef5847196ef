/** torch.linalg.cross: the 3-vector cross product along `dim`, batch dims broadcast. */
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { sumToShape } from '../ops/binary';
import { cat } from '../ops/join';
import { checkOptions } from '../options';
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { typeName } from './common';

/** a x b along normalized dim d, composed of slices (no graph recorded by the caller's noGrad). */
function crossRaw(a: Tensor, b: Tensor, d: number): Tensor {
  const [a0, a1, a2] = [0, 1, 2].map((i) => a.narrow(d, i, 1)) as [Tensor, Tensor, Tensor];
  const [b0, b1, b2] = [0, 1, 2].map((i) => b.narrow(d, i, 1)) as [Tensor, Tensor, Tensor];
  return cat([a1.mul(b2).sub(a2.mul(b1)), a2.mul(b0).sub(a0.mul(b2)), a0.mul(b1).sub(a1.mul(b0))], d);
}

/**
 * Cross product of 3-vectors along `dim` (default -1); gradients b x g and g x a.
 * @example linalg.cross(a, b) // a, b: [..., 3]
 */
export function cross(a: Tensor, b: Tensor, opts: { dim?: number } = {}): Tensor {
  checkOptions('linalg_cross', opts, ['dim']);
  const dim = opts.dim ?? -1;
  if (a.ndim !== b.ndim) throw new Error('linalg.cross: inputs must have the same number of dimensions.');
  const d = normDim(dim, a.ndim);
  if (a.shape[d] !== 3 || b.shape[d] !== 3) {
    throw new Error(`linalg.cross: inputs dimension ${dim} must have length 3. Got ${a.shape[d]} and ${b.shape[d]}`);
  }
  if (a.dtype !== b.dtype) throw new TypeError(`expected scalar type ${typeName(a.dtype)} but found ${typeName(b.dtype)}`);
  const out = noGrad(() => crossRaw(a, b, d));
  if (needsGrad(a, b)) {
    const needA = a.requiresGrad, needB = b.requiresGrad;
    const aShape = a.shape.slice(), bShape = b.shape.slice();
    record(out, 'LinalgCrossBackward0', [a, b], [a, b], null, (g, s) => [
      needA ? sumToShape(cross(s[1]!.expand(g.shape.slice()), g, { dim: d }), aShape) : null,
      needB ? sumToShape(cross(g, s[0]!.expand(g.shape.slice()), { dim: d }), bShape) : null,
    ]);
  }
  return out;
}
