/**
 * SLEEF's float tanh (xtanhf, 1.0-ulp) replayed step by step as PyTorch's AVX2 build calls it
 * (Sleef_tanhf8_u10 through the vml path, for every element). It is not correctly rounded, so
 * fround(Math.tanh(x)) differs from PyTorch in about 1 in 800 inputs; this returns PyTorch's bits.
 * sinh, cosh and expm1 (Sleef_sinhf8_u10, Sleef_coshf8_u10, Sleef_expm1f8_u10) share its expk2f.
 *
 * The algorithm works in double-float arithmetic (a float32 value plus a float32 error term).
 * Every float32 operation is rounded with Math.fround and every fused multiply-add with fmaF32,
 * as SLEEF's FMA build (ENABLE_FMA_SP) computes them. Pairs pass through the module registers
 * `HX`/`HY` so no objects are allocated per element.
 */
import { fmaF32 } from '../../numeric';

const fr = Math.fround;
const fma = fmaF32;
const { abs } = Math;

const R_LN2F = fr(1.4426950408889634);
const L2UF = fr(0.693145751953125);
const L2LF = fr(1.428606765330187045e-06);
const C0 = fr(0.1980960224e-3), C1 = fr(0.1394256484e-2), C2 = fr(0.8333456703e-2), C3 = fr(0.4166637361e-1);
const C4 = fr(0.16666665941423425);
/** Above this |x| tanh(x) rounds to 1 in float32 (SLEEF's own cut-off). */
const TANH_ONE = fr(8.664339742);
/** expm1's cut-offs: above, the result overflows; below, it rounds to -1. */
const EXPM1_MAX = fr(88.72283172607422), EXPM1_MIN = fr(-16.635532333438686);

/** The double-float result of the last helper: high part and error term. */
let HX = 0, HY = 0;

/** Round to nearest, ties to even (cvtps2dq under the default rounding mode). */
function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** (xx, xy) + y, any magnitudes (Knuth's two-sum on the high parts). */
function dfadd2ff(xx: number, xy: number, y: number): void {
  const s = fr(xx + y);
  const v = fr(s - xx);
  const t = fr(fr(xx - fr(s - v)) + fr(y - v));
  HX = s;
  HY = fr(t + xy);
}

/** (xx, xy) + (yx, yy), any magnitudes. */
function dfadd2(xx: number, xy: number, yx: number, yy: number): void {
  const s = fr(xx + yx);
  const v = fr(s - xx);
  const t = fr(fr(xx - fr(s - v)) + fr(yx - v));
  HX = s;
  HY = fr(t + fr(xy + yy));
}

/** (xx, xy) + (yx, yy) assuming |x| >= |y| (fast two-sum). */
function dfadd(xx: number, xy: number, yx: number, yy: number): void {
  const s = fr(xx + yx);
  HX = s;
  HY = fr(fr(fr(fr(xx - s) + yx) + xy) + yy);
}

/** (xx, xy) * y, the product's error from one fma. */
function dfmulf(xx: number, xy: number, y: number): void {
  const s = fr(xx * y);
  HX = s;
  HY = fma(xy, y, fma(xx, y, -s));
}

/** (xx, xy) * (yx, yy). */
function dfmul(xx: number, xy: number, yx: number, yy: number): void {
  const s = fr(xx * yx);
  HX = s;
  HY = fma(xx, yy, fma(xy, yx, fma(xx, yx, -s)));
}

/** (xx, xy)^2. */
function dfsqu(xx: number, xy: number): void {
  const s = fr(xx * xx);
  HX = s;
  HY = fma(fr(xx + xx), xy, fma(xx, xx, -s));
}

/** 1 / (dx, dy), refined by one Newton step. */
function dfrec(dx: number, dy: number): void {
  const s = fr(1 / dx);
  HX = s;
  HY = fr(s * fma(-dy, s, fma(-dx, s, 1)));
}

/** (nx, ny) / (dx, dy). */
function dfdiv(nx: number, ny: number, dx: number, dy: number): void {
  const t = fr(1 / dx);
  const s = fr(nx * t);
  const u = fma(t, nx, -s);
  const v = fma(-dy, t, fma(-dx, t, 1));
  HX = s;
  HY = fma(s, v, fma(ny, t, u));
}

/** d * 2^e as two float multiplications, so that 2^(e/2) stays representable. */
function ldexp2(d: number, e: number): number {
  const h = e >> 1;
  return fr(fr(d * 2 ** h) * 2 ** (e - h));
}

/**
 * SLEEF expk2f: exp of a double-float (dx, dy) as a double-float, left in HX/HY. Cody-Waite
 * reduction by ln 2 (two parts), a polynomial evaluated partly in double-float, scaling by 2^q.
 */
function expk2f(dx: number, dy: number): void {
  const q = rint(fr(fr(dx + dy) * R_LN2F));
  dfadd2ff(dx, dy, fr(q * -L2UF));
  dfadd2ff(HX, HY, fr(q * -L2LF));
  const sx = HX, sy = HY;
  let u = fma(C0, sx, C1);
  u = fma(u, sx, C2);
  u = fma(u, sx, C3);
  dfmulf(sx, sy, u);
  dfadd2ff(HX, HY, C4);
  dfmul(sx, sy, HX, HY);
  dfadd2ff(HX, HY, 0.5);
  const tx = HX, ty = HY;
  dfsqu(sx, sy);
  dfmul(HX, HY, tx, ty);
  dfadd2(sx, sy, HX, HY);
  // 1 + t (fast two-sum: 1 dominates)
  const s = fr(1 + HX);
  const y = fr(fr(fr(1 - s) + HX) + HY);
  if (dx < -104) {
    HX = 0;
    HY = 0;
    return;
  }
  HX = ldexp2(s, q);
  HY = ldexp2(y, q);
}

/** SLEEF xtanhf (u10): (e^|x| - e^-|x|) / (e^|x| + e^-|x|) in double-float, sign of x. */
export function sleefTanhf(x: number): number {
  if (x !== x) return x;
  const a = abs(x);
  expk2f(a, 0);
  const dx = HX, dy = HY;
  dfrec(dx, dy);
  const ex = HX, ey = HY;
  dfadd(dx, dy, -ex, -ey);
  const nx = HX, ny = HY;
  dfadd(dx, dy, ex, ey);
  dfdiv(nx, ny, HX, HY);
  let y = fr(HX + HY);
  if (a > TANH_ONE || y !== y) y = 1;
  // mulsign: the sign bit of x (so -0 gives -0)
  return x < 0 || (x === 0 && 1 / x < 0) ? -y : y;
}

/** SLEEF xsinhf (u10): (e^|x| - e^-|x|) / 2 in double-float, sign of x; infinite above 89. */
export function sleefSinhf(x: number): number {
  if (x !== x) return x;
  const a = abs(x);
  expk2f(a, 0);
  const dx = HX, dy = HY;
  dfrec(dx, dy);
  // dfsub: (dx, dy) - (HX, HY)
  const s = fr(dx - HX);
  const t = fr(fr(fr(fr(dx - s) - HX) + dy) - HY);
  let y = fr(fr(s + t) * 0.5);
  if (a > 89 || y !== y) y = Infinity;
  return x < 0 || (x === 0 && 1 / x < 0) ? -y : y;
}

/** SLEEF xcoshf (u10): (e^|x| + e^-|x|) / 2 in double-float; infinite above 89. */
export function sleefCoshf(x: number): number {
  if (x !== x) return x;
  const a = abs(x);
  expk2f(a, 0);
  const dx = HX, dy = HY;
  dfrec(dx, dy);
  dfadd(dx, dy, HX, HY);
  const y = fr(fr(HX + HY) * 0.5);
  return a > 89 || y !== y ? Infinity : y;
}

/** SLEEF xexpm1f (u10): expk2f(x) - 1 in double-float, then rounded; -1 below -16.64, -0 kept. */
export function sleefExpm1f(x: number): number {
  if (x !== x) return x;
  expk2f(x, 0);
  dfadd2ff(HX, HY, -1);
  const y = fr(HX + HY);
  if (x > EXPM1_MAX) return Infinity;
  if (x < EXPM1_MIN) return -1;
  return x === 0 ? x : y;
}
