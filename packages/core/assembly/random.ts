// PyTorch's float32 uniform_ and normal_ fills (a port of src/random/mt19937.ts and cephes.ts):
// the MT19937 engine over 624 words at `mt` and its position (left, next), the 16-lane
// Box-Muller of the AVX2 normal_fill with avx_mathfun's Cephes log and sincos. WebAssembly has no
// scalar fused multiply-add: each fma is a*b + c in double (the product of two float32s is exact)
// rounded to float32, with a flag raised where that double rounding can differ from a single one
// (the double sum on a float32 halfway point, or below float32's normal range); a flagged pair is
// recomputed with exact fmas (round to odd in double, then to float32). No static data.

const N: i32 = 624;
const M: i32 = 397;

/** The engine position during a call (PyTorch's left_ and next_). */
let left: i32 = 1;
let next: i32 = 0;
/** Set by a fast fma whose double rounding may differ from fma_f32. */
let flagged: i32 = 0;

// @ts-ignore: decorator
@inline function word(mt: usize, k: i32): u32 {
  return load<u32>(mt + (<usize>k << 2));
}

// @ts-ignore: decorator
@inline function mix(a: u32, b: u32, far: u32): u32 {
  const y = (a & 0x80000000) | (b & 0x7fffffff);
  return far ^ (y >> 1) ^ ((0 - (y & 1)) & 0x9908b0df);
}

function twist(mt: usize): void {
  let k = 0;
  for (; k < N - M; k++) store<u32>(mt + (<usize>k << 2), mix(word(mt, k), word(mt, k + 1), word(mt, k + M)));
  for (; k < N - 1; k++) store<u32>(mt + (<usize>k << 2), mix(word(mt, k), word(mt, k + 1), word(mt, k + M - N)));
  store<u32>(mt + (<usize>(N - 1) << 2), mix(word(mt, N - 1), word(mt, 0), word(mt, M - 1)));
}

/** n draws into out[0..n) as float32 uniforms (y & 0xffffff) * 2^-24. */
function fillUnit(mt: usize, out: usize, n: i32): void {
  let i = 0;
  while (i < n) {
    if (left == 1) {
      twist(mt);
      left = N + 1;
      next = 0;
    }
    const take = min(n - i, left - 1);
    for (let k = 0; k < take; k++) {
      let y = word(mt, next + k);
      y ^= y >> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >> 18;
      store<f32>(out + (<usize>(i + k) << 2), <f32>(y & 0xffffff) * 5.9604644775390625e-8);
    }
    i += take;
    next += take;
    left -= take;
  }
}

// @ts-ignore: decorator
@inline function r32(x: f64): f64 {
  return <f64><f32>x;
}

/** fma rounded once to float32: round to odd in double (53 >= 24 + 2 bits), then to float32. */
function fmaExact(a: f64, b: f64, c: f64): f64 {
  const p = a * b; // exact
  const s = p + c;
  const bb = s - p;
  const err = (p - (s - bb)) + (c - bb);
  let bits = reinterpret<u64>(s);
  if (err != 0 && (bits & 1) == 0) bits = (err > 0) == (s > 0) ? bits + 1 : bits - 1;
  return <f64><f32>reinterpret<f64>(bits);
}

// @ts-ignore: decorator
@inline function fmaFast(a: f64, b: f64, c: f64): f64 {
  const s = a * b + c;
  const bits = reinterpret<u64>(s);
  const ex = <u32>((bits >> 52) & 0x7ff);
  flagged |= <i32>((bits & 0x1fffffff) == 0x10000000) | <i32>(ex - 1 < 896);
  return <f64><f32>s;
}

// @ts-ignore: decorator
@inline function fma(exact: bool, a: f64, b: f64, c: f64): f64 {
  return exact ? fmaExact(a, b, c) : fmaFast(a, b, c);
}

// avx_mathfun.h's constants, rounded to float32.
const SQRTHF: f64 = <f64><f32>0.707106781186547524;
const P0: f64 = <f64><f32>7.0376836292e-2;
const P1: f64 = <f64><f32>-1.1514610310e-1;
const P2: f64 = <f64><f32>1.1676998740e-1;
const P3: f64 = <f64><f32>-1.2420140846e-1;
const P4: f64 = <f64><f32>1.4249322787e-1;
const P5: f64 = <f64><f32>-1.6668057665e-1;
const P6: f64 = <f64><f32>2.0000714765e-1;
const P7: f64 = <f64><f32>-2.4999993993e-1;
const P8: f64 = <f64><f32>3.3333331174e-1;
const Q1: f64 = <f64><f32>-2.12194440e-4;
const Q2: f64 = <f64><f32>0.693359375;
const FOPI: f64 = <f64><f32>1.27323954473516;
const DP1: f64 = <f64><f32>-0.78515625;
const DP2: f64 = <f64><f32>-2.4187564849853515625e-4;
const DP3: f64 = <f64><f32>-3.77489497744594108e-8;
const C0: f64 = <f64><f32>2.443315711809948e-5;
const C1: f64 = <f64><f32>-1.388731625493765e-3;
const C2: f64 = <f64><f32>4.166664568298827e-2;
const S0: f64 = <f64><f32>-1.9515295891e-4;
const S1: f64 = <f64><f32>8.3321608736e-3;
const S2: f64 = <f64><f32>-1.6666654611e-1;
const TWO_PI: f64 = <f64><f32>6.283185307179586;

/** One Box-Muller pair of normal_fill_16: uniforms u (lane j) and v (lane j + 8) to d[j], d[j + 8]. */
// @ts-ignore: decorator
@inline function pair(exact: bool, u: f64, v: f64, d: usize, mean: f64, std: f64): void {
  // log256_ps(1 - u): 1 - u = k * 2^-24 with k in [1, 2^24], a normal float32.
  const bits = reinterpret<u32>(<f32>(1 - u));
  let e = <f64>(<i32>(bits >> 23) - 126);
  let m = <f64>reinterpret<f32>((bits & ~0x7f800000) | 0x3f000000);
  if (m < SQRTHF) {
    e -= 1;
    m = m - 1 + m;
  } else {
    m = m - 1;
  }
  const z = r32(m * m);
  let y = fma(exact, P0, m, P1);
  y = fma(exact, y, m, P2);
  y = fma(exact, y, m, P3);
  y = fma(exact, y, m, P4);
  y = fma(exact, y, m, P5);
  y = fma(exact, y, m, P6);
  y = fma(exact, y, m, P7);
  y = fma(exact, y, m, P8);
  y = r32(y * m);
  y = fma(exact, y, z, r32(e * Q1));
  y = r32(y - r32(z * 0.5));
  const lg = r32(r32(m + y) + r32(e * Q2));
  // sincos256_ps(2 pi v), t >= 0.
  const t = r32(TWO_PI * v);
  const j = (<i32>r32(t * FOPI) + 1) & ~1;
  const jf = <f64>j;
  let x = fma(exact, jf, DP1, t);
  x = fma(exact, jf, DP2, x);
  x = fma(exact, jf, DP3, x);
  const zz = r32(x * x);
  let c = fma(exact, fma(exact, C0, zz, C1), zz, C2);
  c = r32(c * zz);
  c = fma(exact, c, zz, -r32(zz * 0.5));
  c = r32(c + 1);
  let p = fma(exact, fma(exact, S0, zz, S1), zz, S2);
  p = r32(p * zz);
  p = fma(exact, p, x, x);
  // The blends add a masked +0 (-0 becomes +0); the signs flip after.
  let sn = (j & 2) == 0 ? p + 0 : c + 0;
  let cs = (j & 2) == 0 ? c + 0 : p + 0;
  if ((j & 4) != 0) sn = -sn;
  if (((j - 2) & 4) == 0) cs = -cs;
  const rad = r32(Math.sqrt(r32(-2 * lg)));
  store<f32>(d, <f32>fma(exact, r32(rad * cs), std, mean));
  store<f32>(d + 32, <f32>fma(exact, r32(rad * sn), std, mean));
}

/** uniform_(lo, lo + range) over out[0..n); returns the new `next`. */
export function randomUniformF32(mt: usize, l: i32, nx: i32, out: usize, n: i32, lo: f32, range: f32): i32 {
  left = l;
  next = nx;
  fillUnit(mt, out, n);
  if (lo != 0 || range != 1) {
    for (let i = 0; i < n; i++) {
      const q = out + (<usize>i << 2);
      store<f32>(q, <f32>fmaExact(<f64>load<f32>(q), <f64>range, <f64>lo));
    }
  }
  return next;
}

/**
 * `blocks` blocks of normal_fill_16 over out[0..16 blocks): 16 uniforms drawn per block, then
 * Box-Muller on lanes j and j + 8. Returns the new `next`.
 */
export function randomNormalBlocksF32(mt: usize, l: i32, nx: i32, out: usize, blocks: i32, mean: f32, std: f32): i32 {
  left = l;
  next = nx;
  fillUnit(mt, out, blocks << 4);
  const mu = <f64>mean, sd = <f64>std;
  for (let b = 0; b < blocks; b++) {
    const d = out + (<usize>b << 6);
    for (let j = 0; j < 8; j++) {
      const q = d + (<usize>j << 2);
      const u = <f64>load<f32>(q), v = <f64>load<f32>(q + 32);
      flagged = 0;
      pair(false, u, v, q, mu, sd);
      if (flagged != 0) pair(true, u, v, q, mu, sd);
    }
  }
  return next;
}
