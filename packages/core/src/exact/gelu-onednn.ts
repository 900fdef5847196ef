/**
 * float32 exact (erf) gelu and its gradient as torch 1.13 computes them for a contiguous tensor
 * of more than one element: it hands them to oneDNN 2.6's eltwise gelu_erf kernels
 * (jit_uni_eltwise_injector: Abramowitz-Stegun 7.1.26 erf with oneDNN's own exp polynomial),
 * not to ATen's vectorised loop. Replayed here instruction by instruction, each vmulps / vaddps
 * / vdivps rounded and each vfmadd an fma; verified bit for bit against torch 1.13 on 600k
 * inputs (tools/parity/core_gelu_bits.py).
 */
import { fmaF32 } from '../numeric';

const fr = Math.fround;
const U32 = new Uint32Array(1);
const F32 = new Float32Array(U32.buffer);
const bits = (u: number): number => { U32[0] = u; return F32[0]!; };

// oneDNN's table constants (hex as in register_table_entries).
const LOG2E = bits(0x3fb8aa3b), LN2 = bits(0x3f317218);
const LN_FLT_MAX = bits(0x42b17218), LN_FLT_MIN = bits(0xc2aeac50);
const E1 = bits(0x3f7ffffb), E2 = bits(0x3efffee3), E3 = bits(0x3e2aad40), E4 = bits(0x3d2b9d0d), E5 = bits(0x3c07cfce);
const ONE_OVER_SQRT2 = bits(0x3f3504f3), ONE_OVER_SQRT_PI = bits(0x3f106eba), AS_P = bits(0x3ea7ba05);
const A1 = fr(0.254829592), A2 = fr(-0.284496736), A3 = fr(1.421413741), A4 = fr(-1.453152027), A5 = fr(1.061405429);

/** exp_compute_vector_fwd: 2 * 2^(n-1) * p(r), n = floor(x log2e + 0.5), r = x - n ln2 (one fma). */
export function oneDnnExpF32(x: number): number {
  const under = x < LN_FLT_MIN;
  // vminps / vmaxps return the table operand for NaN.
  const lo = x < LN_FLT_MAX ? x : LN_FLT_MAX;
  const c = lo > LN_FLT_MIN ? lo : LN_FLT_MIN;
  const n = Math.floor(fr(fr(c * LOG2E) + 0.5));
  const r = fmaF32(-n, LN2, c);
  // 2^(n-1) built from exponent bits: a biased exponent of 0 (n = -126) is the bit pattern of 0.
  const scale = under || n <= -126 ? 0 : 2 ** (n - 1);
  const p = fmaF32(fmaF32(fmaF32(fmaF32(fmaF32(E5, r, E4), r, E3), r, E2), r, E1), r, 1);
  return fr(fr(p * scale) * 2);
}

/** The A-S polynomial in t, Horner with fmas from the highest coefficient. */
const poly = (t: number): number => fmaF32(fmaF32(fmaF32(fmaF32(A5, t, A4), t, A3), t, A2), t, A1);

/** erf(x) by A-S with oneDNN's rounding: 1 - (exp(-x^2) t) poly(t), sign restored last. */
function erfAS(x: number): number {
  const t = fr(1 / fmaF32(AS_P, Math.abs(x), 1));
  const e = fr(-oneDnnExpF32(-fr(x * x)) * t);
  const v = fmaF32(e, poly(t), 1);
  return x < 0 || Object.is(x, -0) ? -v : v;
}

/** gelu_erf_compute_vector_fwd: S + S * erf(s / sqrt 2) with S = s / 2, the last step an fma. */
export function geluOneDnn(s: number): number {
  if (Number.isNaN(s)) return s;
  const erf = erfAS(fr(s * ONE_OVER_SQRT2));
  const half = fr(s * 0.5);
  return fmaF32(erf, half, half);
}

/** gelu_erf_compute_vector_bwd: d gelu / ds = (R / sqrt(pi) * exp(-R^2) + 0.5) + 0.5 * erf(R), R = s / sqrt 2. */
export function geluGradOneDnn(s: number): number {
  if (Number.isNaN(s)) return s;
  const r = fr(s * ONE_OVER_SQRT2);
  const q = oneDnnExpF32(-fr(r * r));
  const t = fr(fr(r * ONE_OVER_SQRT_PI) * q);
  const w = fr(1 / fmaF32(AS_P, Math.abs(r), 1));
  const v = fmaF32(fr(-q * w), poly(w), 1);
  const erf = r < 0 || Object.is(r, -0) ? -v : v;
  return fmaF32(erf, 0.5, fr(t + 0.5));
}

/** out[i] = gelu(x[i]) for a contiguous run (oneDNN's forward). */
export function geluOneDnnRun(x: Float32Array, ix: number, out: Float32Array, io: number, n: number): void {
  for (let j = 0; j < n; j++) out[io + j] = geluOneDnn(x[ix + j]!);
}

/** dx = dy * gelu'(x), elementwise over whole contiguous arrays (oneDNN's backward: one vmulps last). */
export function geluBackwardOneDnn(dy: Float32Array, x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = fr(dy[i]! * geluGradOneDnn(x[i]!));
  return out;
}
