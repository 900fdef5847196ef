/**
 * The activation kernels of the unary op set (sigmoid, silu, leakyRelu, elu, softplus, clamp,
 * gelu), from position j of a run: float32 results rounded at each step PyTorch rounds.
 */
import type { TypedArray } from '../../dtype';
import type { UnaryOp } from '../types';
import { erf, fmaF32 } from '../../numeric';
import { sleefTanhf } from './sleef-tanh';
import { sleefExpf } from './sleef';

const fr = Math.fround;
const SQRT1_2 = Math.SQRT1_2;
/** PyTorch's kBeta = sqrt(2) * (2 / sqrt(pi)) * 0.5 and kKappa for the tanh gelu. */
const GELU_BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const GELU_KAPPA = 0.044715;
const GELU_BETA_F = fr(GELU_BETA);
const GELU_KAPPA_F = fr(GELU_KAPPA);

/**
 * float32 tanh-gelu as PyTorch's vector path (whole 16-element chunks) computes it: x + kappa x^3
 * contracted into one fma by GCC, and SLEEF's tanhf.
 */
export function geluTanhVec(v: number): number {
  const inner = fr(GELU_BETA_F * fmaF32(GELU_KAPPA_F, fr(fr(v * v) * v), v));
  return fr(fr(0.5 * v) * fr(1 + sleefTanhf(inner)));
}

// Contiguous float32 gelu (2+ elements) is oneDNN's kernel, replayed exactly in gelu-onednn.ts.
// What is left here is ATen's own vector loop for strided tensors: Abramowitz-Stegun 7.1.26 erf
// (Vectorized<float>::erf) with fmas and SLEEF's expf, not verified bit for bit; it carries the
// approximation's own error (about 5e-5 relative where 1 + erf is small).
const ERF_P = fr(0.3275911), ERF_P1 = fr(0.254829592), ERF_P2 = fr(-0.284496736);
const ERF_P3 = fr(1.421413741), ERF_P4 = fr(-1.453152027), ERF_P5 = fr(1.061405429);
const SQRT1_2_F = fr(SQRT1_2);

/** float32 erf as PyTorch's vectorised gelu approximates it (not torch.erf, which is SLEEF's erff). */
function erfVec(v: number): number {
  const a = Math.abs(v);
  const t = fr(1 / fmaF32(ERF_P, a, 1));
  const r = fmaF32(fmaF32(fmaF32(fmaF32(ERF_P5, t, ERF_P4), t, ERF_P3), t, ERF_P2), t, ERF_P1);
  const e = fmaF32(fr(-sleefExpf(-fr(v * v)) * t), r, 1);
  return v < 0 || Object.is(v, -0) ? -e : e;
}

/** float32 gelu on the vector part (whole 16-element chunks): (x * 0.5) * (1 + erf(x * sqrt(1/2))). */
export function geluVec(v: number): number {
  return fr(fr(v * 0.5) * fr(1 + erfVec(fr(v * SQRT1_2_F))));
}

export function activationLoop(
  op: UnaryOp, x: TypedArray, ix: number, sx: number, o: TypedArray, io: number, j: number, n: number, p0: number, p1: number,
): void {
  const f32 = o instanceof Float32Array;
  switch (op) {
    case 'sigmoid':
      if (f32) for (; j < n; j++) o[io + j] = 1 / fr(1 + fr(Math.exp(-x[ix + j * sx]!)));
      else for (; j < n; j++) o[io + j] = 1 / (1 + Math.exp(-x[ix + j * sx]!));
      break;
    case 'silu':
      if (f32) for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v / fr(1 + fr(Math.exp(-v))); }
      else for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v / (1 + Math.exp(-v)); }
      break;
    case 'leakyRelu': // p0 = negative slope (already in the output dtype)
      for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v > 0 ? v : v * p0; } break;
    case 'elu': // p0 = alpha; PyTorch 1.13 computes (exp(x) - 1) * alpha, not expm1
      if (f32) for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v <= 0 ? fr(fr(Math.exp(v)) - 1) * p0 : v; }
      else for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v <= 0 ? (Math.exp(v) - 1) * p0 : v; }
      break;
    case 'softplus': // p0 = beta, p1 = threshold: linear above threshold, as PyTorch
      if (f32) {
        for (; j < n; j++) { const v = x[ix + j * sx]!; const z = fr(v * p0); o[io + j] = z > p1 ? v : fr(Math.log1p(fr(Math.exp(z)))) / p0; }
      } else {
        for (; j < n; j++) { const v = x[ix + j * sx]!; const z = v * p0; o[io + j] = z > p1 ? v : Math.log1p(Math.exp(z)) / p0; }
      }
      break;
    case 'clamp': // p0 = min, p1 = max (+-Infinity = none); NaN input stays NaN; min > max gives max
      for (; j < n; j++) { let v = x[ix + j * sx]!; if (v < p0) v = p0; if (v > p1) v = p1; o[io + j] = v; } break;
    case 'gelu': // the scalar path: x * 0.5 * (1 + erff(x * alpha)), each float32 step rounded
      if (f32) for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = fr(fr(v * 0.5) * fr(1 + fr(erf(fr(v * SQRT1_2_F))))); }
      else for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = 0.5 * v * (1 + erf(v * SQRT1_2)); }
      break;
    case 'geluTanh':
      if (f32) {
        for (; j < n; j++) {
          const v = x[ix + j * sx]!;
          const inner = fr(GELU_BETA_F * fr(v + fr(GELU_KAPPA_F * fr(fr(v * v) * v))));
          o[io + j] = fr(0.5 * v) * fr(1 + fr(Math.tanh(inner)));
        }
      } else {
        for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = 0.5 * v * (1 + Math.tanh(GELU_BETA * (v + GELU_KAPPA * v * v * v))); }
      }
      break;
    default: throw new Error(`unknown unary op ${op}`);
  }
}
