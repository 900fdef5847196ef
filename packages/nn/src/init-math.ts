/** Numerics behind init.truncNormal_ (float32 erfinv) and init.orthogonal_ (QR). */
import { Tensor } from '@torchlet/core';
import { numeric } from '@torchlet/core/internal';
import { erff, expf, logf } from './libm-f32';

const { fmaF32 } = numeric;

const f = Math.fround;
const A = [0.886226899, -1.645349621, 0.914624893, -0.140543331].map(f) as [number, number, number, number];
const B = [-2.118377725, 1.442710462, -0.329097515, 0.012229801].map(f) as [number, number, number, number];
const C = [-1.970840454, -1.624906493, 3.429567803, 1.641345311].map(f) as [number, number, number, number];
const D = [3.5438892, 1.6370678].map(f) as [number, number];
const TWO_OVER_SQRT_PI = f(2 / f(Math.sqrt(Math.PI)));

/**
 * PyTorch's calc_erfinv<float> (a rational first guess, two Newton steps) evaluated in float32
 * with the fused multiply-adds GCC emits for its Horner polynomials and glibc's erff/expf/logf.
 */
export function erfinvF32(y: Tensor): Tensor {
  const ys = Float32Array.from(y.contiguous().toTypedArray());
  const x = new Float32Array(ys.length);
  for (let i = 0; i < ys.length; i++) {
    const v = ys[i]!, a = Math.abs(v);
    if (a > 1) { x[i] = NaN; continue; }
    if (a === 1) { x[i] = v > 0 ? Infinity : -Infinity; continue; }
    if (a <= f(0.7)) {
      const z = f(v * v);
      const num = fmaF32(fmaF32(fmaF32(A[3], z, A[2]), z, A[1]), z, A[0]);
      const dem = fmaF32(fmaF32(fmaF32(fmaF32(B[3], z, B[2]), z, B[1]), z, B[0]), z, 1);
      x[i] = f(f(v * num) / dem);
    } else {
      const z = f(Math.sqrt(-logf(f(f(1 - a) / 2))));
      const num = fmaF32(fmaF32(fmaF32(C[3], z, C[2]), z, C[1]), z, C[0]);
      const dem = fmaF32(fmaF32(D[1], z, D[0]), z, 1);
      x[i] = f((v < 0 ? -num : num) / dem);
    }
  }
  for (let i = 0; i < x.length; i++) {
    let xi = x[i]!;
    if (!Number.isFinite(xi)) continue;
    for (let step = 0; step < 2; step++) {
      const denom = f(TWO_OVER_SQRT_PI * expf(f(-xi * xi)));
      xi = f(xi - f(f(erff(xi) - ys[i]!) / denom));
    }
    x[i] = xi;
  }
  return Tensor.fromData(x, y.shape.slice(), 'float32');
}

/**
 * The thin Q of A [m, n] (m >= n) by Householder QR in float64, with columns signed so that R's
 * diagonal is positive: the unique factor PyTorch's orthogonal_ ends with.
 */
export function qrPositive(a: Tensor): Tensor {
  const [m, n] = a.shape as [number, number];
  const r = Float64Array.from(a.contiguous().toTypedArray());
  const vs: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(m);
    const x0 = r[k * n + k]!;
    const alpha = x0 >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = r[i * n + k]!;
    v[k] = x0 - alpha;
    let vn = 0;
    for (let i = k; i < m; i++) vn += v[i]! ** 2;
    vs.push(v);
    if (vn === 0) continue;
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * r[i * n + j]!;
      const s = (2 * dot) / vn;
      for (let i = k; i < m; i++) r[i * n + j] = r[i * n + j]! - s * v[i]!;
    }
  }
  // Q = H0 H1 ... H(n-1) applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    let vn = 0;
    for (let i = k; i < m; i++) vn += v[i]! ** 2;
    if (vn === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * q[i * n + j]!;
      const s = (2 * dot) / vn;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - s * v[i]!;
    }
  }
  for (let j = 0; j < n; j++) {
    const d = r[j * n + j]!;
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    for (let i = 0; i < m; i++) q[i * n + j] = q[i * n + j]! * sign;
  }
  const q64 = Tensor.fromData(q, [m, n], 'float64');
  return a.dtype === 'float64' ? q64 : q64.to(a.dtype);
}
