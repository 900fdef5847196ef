/**
 * torch.nn.utils.parametrizations: weight normalization and spectral normalization as
 * parametrizations (PyTorch 2.1's modules `_WeightNorm` and `_SpectralNorm`, their key names
 * `parametrizations.weight.original0/1` and `parametrizations.weight.0._u/_v`).
 */
import { Tensor, dot, empty, mv, noGrad } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Module, type AnyModule } from './module';
import { normalize } from './functional/layers';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from './layers/conv-transpose';
import { registerParametrization, type Parametrized } from './parametrize';

/**
 * torch.norm_except_dim(v, 2, dim): the 2-norm over every dim but `dim`, kept as size-1 dims
 * (dim -1: the norm of the whole tensor, 0-d).
 */
export function normExceptDim(v: Tensor, dim: number): Tensor {
  if (dim === -1) return v.norm();
  const outShape = v.shape.map((d, i) => (i === dim ? d : 1));
  const size = v.shape[dim];
  if (size === undefined) throw new RangeError(`Dimension out of range (expected to be in range of [${-v.ndim}, ${v.ndim - 1}], but got ${dim})`);
  return v.transpose(0, dim).reshape([size, -1]).norm(2, 1).reshape(outShape);
}

/** torch._weight_norm(v, g, dim): v * (g / ||v|| over every dim but dim). */
export function weightNormFrom(v: Tensor, g: Tensor, dim: number): Tensor {
  return v.mul(g.div(normExceptDim(v, dim)));
}

/** PyTorch 2.1's _WeightNorm: weight = g * v / ||v||, originals (g, v). */
export class _WeightNorm extends Module<[Tensor, Tensor], Tensor> {
  /** The dim whose slices get their own norm (-1 when built with null: one norm for the whole tensor). */
  readonly dim: number;

  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }

  forward(weightG: Tensor, weightV: Tensor): Tensor {
    return weightNormFrom(weightV, weightG, this.dim);
  }

  /** The originals [g, v] of a weight: its norms over every dim but `dim`, and the weight itself. */
  rightInverse(weight: Tensor): Tensor[] {
    return [normExceptDim(weight, this.dim), weight];
  }
}

interface WeightNormOptions { name?: string; dim?: number | null }

/**
 * Weight normalization (PyTorch 2.1's parametrization): `module[name]` becomes
 * g * v / ||v||, with g = `parametrizations.weight.original0` (the norms over every dim but
 * `dim`; `dim` null: one norm of the whole tensor) and v = `original1`.
 * @example const m = parametrizations.weightNorm(new nn.Linear(20, 40));
 */
export function weightNorm<M extends AnyModule>(module: M, name: string | WeightNormOptions = 'weight', dim: number | null = 0): M & Parametrized {
  const o = typeof name === 'object' ? name : { name, dim };
  checkOptions('weight_norm', o, ['name', 'dim']);
  return registerParametrization(module, o.name ?? 'weight', new _WeightNorm(o.dim === undefined ? 0 : o.dim), { unsafe: true });
}

/** PyTorch's _SpectralNorm: weight / sigma, sigma estimated by power iteration in training mode. */
export class _SpectralNorm extends Module {
  /** The dim treated as the output dim when the weight is flattened to a matrix. */
  readonly dim: number;
  /** Added to norms in the power iteration, against division by zero. */
  readonly eps: number;
  /** Power-iteration steps per forward in training mode. */
  readonly nPowerIterations: number;
  /** Left singular vector estimate (a buffer). */
  declare _u: Tensor;
  /** Right singular vector estimate (a buffer). */
  declare _v: Tensor;

  constructor(weight: Tensor, nPowerIterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.ndim;
    if (dim >= ndim || dim < -ndim) throw new RangeError(`Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`);
    if (nPowerIterations <= 0) throw new Error(`Expected n_power_iterations to be positive, but got n_power_iterations=${nPowerIterations}`);
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    this.nPowerIterations = nPowerIterations;
    if (ndim > 1) {
      const mat = this.weightMatrix(weight);
      const [h, w] = mat.shape as [number, number];
      // u before v, as PyTorch draws them.
      const u = noGrad(() => empty([h], { dtype: weight.dtype }).normal_(0, 1));
      const v = noGrad(() => empty([w], { dtype: weight.dtype }).normal_(0, 1));
      this.registerBuffer('_u', normalize(u, { dim: 0, eps }));
      this.registerBuffer('_v', normalize(v, { dim: 0, eps }));
      this.powerMethod(mat, 15);
    }
  }

  /** The weight as a matrix [size(dim), rest]. */
  private weightMatrix(weight: Tensor): Tensor {
    if (this.dim === 0) return weight.flatten(1);
    const rest = weight.shape.map((_, i) => i).filter((i) => i !== this.dim);
    return weight.permute(this.dim, ...rest).flatten(1);
  }

  /** Updates the buffers in place: u = normalize(W v), then v = normalize(W^T u). */
  private powerMethod(mat: Tensor, iterations: number): void {
    noGrad(() => {
      for (let i = 0; i < iterations; i++) {
        this._u.copy_(normalize(mv(mat, this._v), { dim: 0, eps: this.eps }));
        this._v.copy_(normalize(mv(mat.t(), this._u), { dim: 0, eps: this.eps }));
      }
    });
  }

  forward(weight: Tensor): Tensor {
    if (weight.ndim === 1) return normalize(weight, { dim: 0, eps: this.eps });
    const mat = this.weightMatrix(weight);
    if (this.training) this.powerMethod(mat, this.nPowerIterations);
    const sigma = dot(this._u.clone(), mv(mat, this._v.clone()));
    return weight.div(sigma);
  }

  /** The original for a weight value: the value itself (assigning sets the unnormalized weight). */
  rightInverse(value: Tensor): Tensor {
    return value;
  }
}

interface SpectralNormOptions { name?: string; nPowerIterations?: number; eps?: number; dim?: number | null }

/** The dim spectral norm works along by default: 1 for transposed convolutions, else 0. */
export function defaultSpectralDim(module: AnyModule): number {
  return module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0;
}

/**
 * Spectral normalization: `module[name]` becomes weight / sigma, sigma its largest singular
 * value estimated by `nPowerIterations` of power iteration on each read in training mode (the
 * vectors are the buffers `parametrizations.weight.0._u` and `_v`).
 * @example const m = parametrizations.spectralNorm(new nn.Linear(20, 40));
 */
export function spectralNorm<M extends AnyModule>(
  module: M, name: string | SpectralNormOptions = 'weight', nPowerIterations = 1, eps = 1e-12, dim: number | null = null,
): M & Parametrized {
  const o = typeof name === 'object' ? name : { name, nPowerIterations, eps, dim };
  checkOptions('spectral_norm', o, ['name', 'nPowerIterations', 'eps', 'dim']);
  const tensorName = o.name ?? 'weight';
  const weight: unknown = Reflect.get(module, tensorName);
  if (!(weight instanceof Tensor)) throw new Error(`Module '${module.toString()}' has no parameter or buffer with name '${tensorName}'`);
  const sn = new _SpectralNorm(weight, o.nPowerIterations ?? 1, o.dim ?? defaultSpectralDim(module), o.eps ?? 1e-12);
  return registerParametrization(module, tensorName, sn);
}
