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
  const q = rint(fr(d * R_LN2F));
  let s = fma(q, -L2UF, d);
  s = fma(q, -L2LF, s);
  let u = EXP_POLY[0]!;
  for (let i = 1; i < EXP_POLY.length; i++) u = fma(u, s, EXP_POLY[i]!);
  u = fr(1 + fma(fr(s * s), u, s));
  const h = q >> 1;
  u = fr(fr(u * 2 ** h) * 2 ** (q - h));
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  return u;
}

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
