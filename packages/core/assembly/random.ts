// PyTorch's float32 uniform_ and normal_ fills (a port of src/random/mt19937.ts and cephes.ts):
// the MT19937 engine over 624 words at `mt` and its position (left, next), 4 words at a time, and
// the 16-lane Box-Muller of the AVX2 normal_fill with avx_mathfun's Cephes log and sincos in
// 4-lane fused multiply-adds. WebAssembly has fmas only as relaxed SIMD's relaxed_madd, which the
// host checks is fused on this engine (fusedMaddProbe) before it asks for normals; without it the
// TypeScript replay runs (an fma emulated in double here was no faster). Uniform fills emulate
// their one fma exactly when relaxed_madd is not fused. No static data.

const N: i32 = 624;
const M: i32 = 397;

/** The engine position during a call (PyTorch's left_ and next_). */
let left: i32 = 1;
let next: i32 = 0;

// @ts-ignore: decorator
@inline function word(mt: usize, k: i32): u32 {
  return load<u32>(mt + (<usize>k << 2));
}

// @ts-ignore: decorator
@inline function mix(a: u32, b: u32, far: u32): u32 {
  const y = (a & 0x80000000) | (b & 0x7fffffff);
  return far ^ (y >> 1) ^ ((0 - (y & 1)) & 0x9908b0df);
}

// @ts-ignore: decorator
@inline function mix4(a: v128, b: v128, far: v128): v128 {
  const y = v128.or(v128.and(a, i32x4.splat(0x80000000)), v128.and(b, i32x4.splat(0x7fffffff)));
  const odd = i32x4.sub(i32x4.splat(0), v128.and(y, i32x4.splat(1)));
  return v128.xor(v128.xor(far, i32x4.shr_u(y, 1)), v128.and(odd, i32x4.splat(0x9908b0df)));
}

// @ts-ignore: decorator
@inline function step4(mt: usize, k: i32, far: i32): void {
  const p = mt + (<usize>k << 2);
  v128.store(p, mix4(v128.load(p), v128.load(p + 4), v128.load(mt + (<usize>far << 2))));
}

/**
 * The 624-word regeneration, 4 words at a time: word k reads k + 1 (not yet rewritten) and
 * k + 397 or k - 227 (rewritten at least 227 words earlier), so 4 lanes see what the scalar loop sees.
 */
function twist(mt: usize): void {
  let k = 0;
  for (; k + 4 <= N - M; k += 4) step4(mt, k, k + M);
  for (; k < N - M; k++) store<u32>(mt + (<usize>k << 2), mix(word(mt, k), word(mt, k + 1), word(mt, k + M)));
  for (; k + 4 <= N - 1; k += 4) step4(mt, k, k + M - N);
  for (; k < N - 1; k++) store<u32>(mt + (<usize>k << 2), mix(word(mt, k), word(mt, k + 1), word(mt, k + M - N)));
  store<u32>(mt + (<usize>(N - 1) << 2), mix(word(mt, N - 1), word(mt, 0), word(mt, M - 1)));
}

/** Four tempered words from p as float32 uniforms (y & 0xffffff) * 2^-24. */
// @ts-ignore: decorator
@inline function unit4(p: usize): v128 {
  let y = v128.load(p);
  y = v128.xor(y, i32x4.shr_u(y, 11));
  y = v128.xor(y, v128.and(i32x4.shl(y, 7), i32x4.splat(0x9d2c5680)));
  y = v128.xor(y, v128.and(i32x4.shl(y, 15), i32x4.splat(0xefc60000)));
  y = v128.xor(y, i32x4.shr_u(y, 18));
  return f32x4.mul(f32x4.convert_i32x4_s(v128.and(y, i32x4.splat(0xffffff))), f32x4.splat(5.9604644775390625e-8));
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
    let k = 0;
    for (; k + 4 <= take; k += 4) v128.store(out + (<usize>(i + k) << 2), unit4(mt + (<usize>(next + k) << 2)));
    for (; k < take; k++) {
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

// @ts-ignore: decorator
@inline function splat(x: f64): v128 {
  return f32x4.splat(<f32>x);
}

// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  // Only called where the host checked that this engine fuses it (fusedMaddProbe).
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Four pairs at once (lanes j..j+3 of a block at d) with hardware fmas: avx_mathfun's order exactly. */
function pairs4(d: usize, mean: v128, std: v128): void {
  const one = f32x4.splat(1);
  const half = f32x4.splat(0.5);
  // log256_ps(1 - u)
  let x = f32x4.max(f32x4.sub(one, v128.load(d)), f32x4.splat(1.1754943508222875e-38));
  const imm0 = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(0x7f));
  x = v128.or(v128.and(x, i32x4.splat(~0x7f800000)), half);
  let e = f32x4.add(f32x4.convert_i32x4_s(imm0), one);
  const mask = f32x4.lt(x, splat(SQRTHF));
  const tmp = v128.and(x, mask);
  x = f32x4.sub(x, one);
  e = f32x4.sub(e, v128.and(one, mask));
  x = f32x4.add(x, tmp);
  const z = f32x4.mul(x, x);
  let y = madd(splat(P0), x, splat(P1));
  y = madd(y, x, splat(P2));
  y = madd(y, x, splat(P3));
  y = madd(y, x, splat(P4));
  y = madd(y, x, splat(P5));
  y = madd(y, x, splat(P6));
  y = madd(y, x, splat(P7));
  y = madd(y, x, splat(P8));
  y = f32x4.mul(y, x);
  y = madd(y, z, f32x4.mul(e, splat(Q1)));
  y = f32x4.sub(y, f32x4.mul(z, half));
  const lg = f32x4.add(f32x4.add(x, y), f32x4.mul(e, splat(Q2)));
  // sincos256_ps(2 pi v)
  const t = f32x4.mul(splat(TWO_PI), v128.load(d + 32));
  const j = v128.and(i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.mul(t, splat(FOPI))), i32x4.splat(1)), i32x4.splat(~1));
  const jf = f32x4.convert_i32x4_s(j);
  let r = madd(jf, splat(DP1), t);
  r = madd(jf, splat(DP2), r);
  r = madd(jf, splat(DP3), r);
  const zz = f32x4.mul(r, r);
  let c = madd(madd(splat(C0), zz, splat(C1)), zz, splat(C2));
  c = f32x4.mul(c, zz);
  c = madd(c, zz, f32x4.neg(f32x4.mul(zz, half)));
  c = f32x4.add(c, one);
  let p = madd(madd(splat(S0), zz, splat(S1)), zz, splat(S2));
  p = f32x4.mul(p, zz);
  p = madd(p, r, r);
  const keep = i32x4.eq(v128.and(j, i32x4.splat(2)), i32x4.splat(0));
  let sn = f32x4.add(v128.and(p, keep), v128.andnot(c, keep));
  let cs = f32x4.add(v128.and(c, keep), v128.andnot(p, keep));
  sn = v128.xor(sn, i32x4.shl(v128.and(j, i32x4.splat(4)), 29));
  cs = v128.xor(cs, i32x4.shl(v128.andnot(i32x4.splat(4), i32x4.sub(j, i32x4.splat(2))), 29));
  const rad = f32x4.sqrt(f32x4.mul(f32x4.splat(-2), lg));
  v128.store(d, madd(f32x4.mul(rad, cs), std, mean));
  v128.store(d + 32, madd(f32x4.mul(rad, sn), std, mean));
}

/** a * b + c through relaxed_madd: the host calls it with operands where fused and unfused differ. */
export function fusedMaddProbe(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}

/** uniform_(lo, lo + range) over out[0..n) (hardware fmas when `fused`); returns the new `next`. */
export function randomUniformF32(mt: usize, l: i32, nx: i32, out: usize, n: i32, lo: f32, range: f32, fused: i32): i32 {
  left = l;
  next = nx;
  fillUnit(mt, out, n);
  if (lo != 0 || range != 1) {
    let i = 0;
    if (ASC_FEATURE_RELAXED_SIMD && fused != 0) {
      const vr = f32x4.splat(range), vl = f32x4.splat(lo);
      for (; i + 4 <= n; i += 4) {
        const q = out + (<usize>i << 2);
        v128.store(q, madd(v128.load(q), vr, vl));
      }
    }
    for (; i < n; i++) {
      const q = out + (<usize>i << 2);
      store<f32>(q, <f32>fmaExact(<f64>load<f32>(q), <f64>range, <f64>lo));
    }
  }
  return next;
}

/**
 * `blocks` blocks of normal_fill_16 over out[0..16 blocks): 16 uniforms drawn per block, then
 * Box-Muller on lanes j and j + 8. Only for a relaxed-SIMD build whose relaxed_madd the host found
 * fused; anywhere else it draws nothing and returns -1.
 */
export function randomNormalBlocksF32(mt: usize, l: i32, nx: i32, out: usize, blocks: i32, mean: f32, std: f32): i32 {
  if (!ASC_FEATURE_RELAXED_SIMD) return -1;
  left = l;
  next = nx;
  fillUnit(mt, out, blocks << 4);
  const vm = f32x4.splat(mean), vs = f32x4.splat(std);
  for (let b = 0; b < blocks; b++) {
    const d = out + (<usize>b << 6);
    pairs4(d, vm, vs);
    pairs4(d + 16, vm, vs);
  }
  return next;
}
