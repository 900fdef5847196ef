/** torch.nn.utils: gradient clipping and parameter/vector conversion. */
import { Tensor, cat, full, noGrad, stack, tensor } from '@torchlet/core';
import { totalNormTwoF32 } from '@torchlet/core/internal';

/** torch.nn.utils.rnn: padding and packing of variable-length sequences. */
export * as rnn from './utils-rnn';

/** torch.nn.utils.parametrize and .parametrizations (weightNorm, spectralNorm). */
export * as parametrize from './parametrize';
export * as parametrizations from './parametrizations';
/** The legacy hook-style weight_norm and spectral_norm (keys weight_g/_v; weight_orig/_u/_v). */
export { weightNorm, removeWeightNorm, spectralNorm, removeSpectralNorm } from './weight-hooks';

type Params = Tensor | Iterable<Tensor>;

function asList(parameters: Params): Tensor[] {
  return parameters instanceof Tensor ? [parameters] : [...parameters];
}

/**
 * Scales all gradients together so their total `normType` norm is at most `maxNorm`; returns
 * the total norm before clipping (PyTorch's formula, coefficient max / (norm + 1e-6)).
 * @example clipGradNorm_(model.parameters(), 1.0);
 */
export function clipGradNorm_(parameters: Params, maxNorm: number, normType = 2.0, opts: { errorIfNonfinite?: boolean } = {}): Tensor {
  const grads = asList(parameters).map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return tensor(0.0);
  return noGrad(() => {
    const total = normType === Infinity
      ? (grads.length === 1 ? grads[0]!.abs().max() : stack(grads.map((g) => g.abs().max())).max())
      : (normType === 2 ? totalNormTwoF32(grads) : null) ?? stack(grads.map((g) => g.norm(normType))).norm(normType);
    if (opts.errorIfNonfinite && !Number.isFinite(total.item())) {
      throw new Error(`The total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
        'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`');
    }
    const coef = full([], maxNorm, { dtype: total.dtype }).div(total.add(1e-6)).clamp(null, 1.0);
    // Under maxNorm the coefficient is 1 and every gradient finite (else the total would not be):
    // g * 1 is g bit for bit, so a host coefficient of 1 skips the multiplies.
    if (coef.storage.device === 'cpu' && coef.item() === 1) return total;
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/**
 * Clamps every gradient element into [-clipValue, clipValue] in place.
 * @example clipGradValue_(model.parameters(), 0.5);
 */
export function clipGradValue_(parameters: Params, clipValue: number): void {
  noGrad(() => {
    for (const p of asList(parameters)) p.grad?.clamp_(-clipValue, clipValue);
  });
}

/**
 * All parameters flattened and concatenated into one vector.
 * @example const v = parametersToVector(model.parameters());
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.reshape([-1])));
}

/**
 * Copies consecutive slices of `vec` into the parameters (PyTorch rebinds `param.data` to views of
 * vec; here the values are copied, so later changes to vec do not reach the parameters).
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${typeof vec}`);
  const params = [...parameters];
  const total = params.reduce((n, p) => n + p.numel(), 0);
  if (vec.numel() !== total) throw new Error(`vectorToParameters: vec has ${vec.numel()} elements but the parameters hold ${total}`);
  noGrad(() => {
    let pointer = 0;
    for (const p of params) {
      const n = p.numel();
      p.copy_(vec.reshape([-1]).narrow(0, pointer, n).view(p.shape));
      pointer += n;
    }
  });
}
