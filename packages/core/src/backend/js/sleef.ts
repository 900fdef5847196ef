/**
 * SLEEF's float expf (u10) and logf (u1) replayed step by step, as PyTorch's AVX2 kernels call
 * them (Sleef_expf8_u10, Sleef_logf8_u10) for every full 8-lane vector. With the same float
 * roundings and fused multiply-adds they return PyTorch's bits (checked against torch 1.13 on
 * 300k inputs each); JavaScript's exp/log round correctly, which SLEEF does not always do.
 * Both take and return float32 values.
 */
import { fmaF32 } from '../../numeric';

const fr = Math.fround;
const fma = fmaF32;

/** 1 / ln 2 as SLEEF writes it (R_LN2f), rounded to float. */
const R_LN2F = fr(1.4426950408889634);
const L2UF = fr(0.693145751953125);
const L2LF = fr(1.428606765330187045e-06);
const EXP_POLY = [
  0.000198527617612853646278381, 0.00139304355252534151077271, 0.00833336077630519866943359,
  0.0416664853692054748535156, 0.166666671633720397949219, 0.5,
].map(fr);

/** Round to nearest, ties to even (the vector float-to-int conversion). */
function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** SLEEF xexpf: Cody-Waite reduction by ln 2, a degree-6 polynomial, scaling by 2^q. */
export function sleefExpf(d: number): number {
  if (d !== d) return d;
  // Out of range the result is 0 or infinity whatever the steps give: return before them, so
  // q stays within POW2's range.
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  const q = rint(fr(d * R_LN2F));
  let s = fma(q, -L2UF, d);
  s = fma(q, -L2LF, s);
  let u = EXP_POLY[0]!;
  for (let i = 1; i < EXP_POLY.length; i++) u = fma(u, s, EXP_POLY[i]!);
  u = fr(1 + fma(fr(s * s), u, s));
  const h = q >> 1;
  return fr(fr(u * POW2[h + POW2_BIAS]!) * POW2[q - h + POW2_BIAS]!);
}

/**
 * 2^k for k in [-POW2_BIAS, POW2_BIAS] (exact doubles): V8's `2 ** k` is a runtime call that cost
 * more than the rest of sleefExpf. In range, |q| <= 150, so |h| and |q - h| <= 75.
 */
const POW2_BIAS = 80;
const POW2 = Float64Array.from({ length: 2 * POW2_BIAS + 1 }, (_, i) => 2 ** (i - POW2_BIAS));

const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);
const LN2_HI = fr(0.69314718246459960938), LN2_LO = fr(-1.904654323148236017e-09);
const FLT_MIN = 1.1754943508222875e-38;
const FOUR_THIRDS = fr(1 / 0.75);
const TWO_64 = fr(2 ** 64);

/**
 * SLEEF xlogf_u1: m in [0.75, 1.5) and exponent e, then log(m) = 2 atanh((m-1)/(m+1)) in
 * double-float (pairs of floats) arithmetic, plus e ln 2.
 */
export function sleefLogf(d0: number): number {
  if (d0 !== d0 || d0 < 0) return NaN;
  if (d0 === 0) return -Infinity;
  if (d0 === Infinity) return Infinity;
  let d = d0;
  const tiny = d < FLT_MIN;
  if (tiny) d = fr(d * TWO_64);
  F32[0] = fr(d * FOUR_THIRDS);
  let e = ((I32[0]! >>> 23) & 0xff) - 0x7f;
  F32[0] = d;
  I32[0] = I32[0]! - (e << 23);
  const m = F32[0];
  if (tiny) e -= 64;
  // s = (ln2_hi, ln2_lo) * e
  let sx = fr(LN2_HI * e);
  let sy = fma(LN2_LO, e, fma(LN2_HI, e, -sx));
  // x = (m - 1) / (m + 1) as a double-float
  const nx = fr(m - 1), nv = fr(nx + 1), ny = fr(fr(-1 - fr(nx - nv)) + fr(m - nv));
  const dx = fr(m + 1), dv = fr(dx - 1), dy = fr(fr(1 - fr(dx - dv)) + fr(m - dv));
  const t0 = fr(1 / dx);
  const xs = fr(nx * t0);
  const u = fma(t0, nx, -xs);
  const v = fma(-dy, t0, fma(-dx, t0, 1));
  const xx = xs, xy = fma(xs, v, fma(ny, t0, u));
  const x2 = fr(xx * xx);
  let t = fr(0.3027294874);
  t = fma(t, x2, fr(0.3996108174));
  t = fma(t, x2, fr(0.6666694880));
  // s += 2x (double-float), then s += x^3 t (float)
  let ns = fr(sx + fr(xx * 2));
  sy = fr(fr(fr(fr(sx - ns) + fr(xx * 2)) + sy) + fr(xy * 2));
  sx = ns;
  const w = fr(fr(x2 * xx) * t);
  ns = fr(sx + w);
  sy = fr(fr(fr(sx - ns) + w) + sy);
  return fr(ns + sy);
}

// ---- sinf / cosf (SLEEF's u10 variants, xsinf_u1 / xcosf_u1, FMA build) ----------------------
// The argument is reduced by pi (Cody-Waite, three parts) into a double-float (hi, lo) pair, the
// odd polynomial is evaluated partly in double-float, and the quadrant sets the sign. Valid for
// |d| < 125 (TRIGRANGEMAX2f): SLEEF reduces a vector with any larger lane with a Payne-Hanek
// table instead, which is not replayed here (see sleefTrigF32).

const ONE_OVER_PI = fr(1 / Math.PI);
const PI_A2 = fr(3.1414794921875), PI_B2 = fr(0.00011315941810607910156), PI_C2 = fr(1.9841872589410058936e-09);
const SIN_C0 = fr(2.6083159809786593541503e-06), SIN_C1 = fr(-0.0001981069071916863322258);
const SIN_C2 = fr(0.00833307858556509017944336), SIN_C3 = fr(-0.166666597127914428710938);
/** Largest |d| reduced by the Cody-Waite constants above. */
export const SLEEF_TRIG_MAX = 125;

/** The polynomial shared by sinf and cosf, on the reduced pair (th, tl): returns sin(t) rounded. */
function sinPoly(th: number, tl: number): number {
  // s = t^2 as a double-float
  const sh = fr(th * th);
  const sl = fma(fr(th + th), tl, fma(th, th, -sh));
  let u = fma(fma(SIN_C0, sh, SIN_C1), sh, SIN_C2);
  // a = C3 + u s (double-float), then m = a * s (double-float)
  const uh = fr(u * sh);
  const ah = fr(SIN_C3 + uh);
  const al = fr(fr(SIN_C3 - ah) + uh);
  const mh = fr(ah * sh);
  const ml = fma(ah, sl, fma(al, sh, fma(ah, sh, -mh)));
  // x = 1 + m (double-float), then t * x rounded once more
  const xh = fr(1 + mh);
  const xl = fr(fr(fr(1 - xh) + mh) + ml);
  u = fma(th, xh, fma(tl, xh, fr(th * xl)));
  return u;
}

/** SLEEF xsinf_u1 for |d| < 125 (float32 in, float32 out). */
export function sleefSinf(d: number): number {
  const u = rint(fr(d * ONE_OVER_PI));
  const v = fma(u, -PI_A2, d);
  // s = v + u * -PI_B2 (dfadd2), then + u * -PI_C2 (dfadd)
  const b = fr(u * -PI_B2);
  let sh = fr(v + b);
  const w = fr(sh - v);
  let sl = fr(fr(v - fr(sh - w)) + fr(b - w));
  const c = fr(u * -PI_C2);
  const h = fr(sh + c);
  sl = fr(fr(fr(sh - h) + c) + sl);
  sh = h;
  let r = sinPoly(sh, sl);
  if ((u & 1) !== 0) r = -r;
  return Object.is(d, -0) ? d : r;
}

/** SLEEF xcosf_u1 for |d| < 125. */
export function sleefCosf(d: number): number {
  const dq = fma(rint(fma(d, ONE_OVER_PI, -0.5)), 2, 1);
  let sh = d, sl = 0;
  // three dfadd2 steps: s += dq * (-PI_X2 / 2)
  for (const k of [PI_A2, PI_B2, PI_C2]) {
    const y = fr(dq * fr(-k * 0.5));
    const h = fr(sh + y);
    const v = fr(h - sh);
    sl = fr(fr(fr(sh - fr(h - v)) + fr(y - v)) + sl);
    sh = h;
  }
  const r = sinPoly(sh, sl);
  return (dq & 2) === 0 ? -r : r;
}
