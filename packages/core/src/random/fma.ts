/**
 * Fused multiply-add with a single rounding, in float32 and float64.
 *
 * PyTorch's AVX2 kernels are compiled by GCC with contraction on, so `x * r + c` becomes one
 * `vfmadd`: the exact value rounded once. JavaScript has no fma, and rounding twice
 * (`fround(a * b + c)` or `a * b + c` in double) differs in many results, so these helpers
 * rebuild the single rounding from error-free transformations.
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the low/high 32-bit word of a float64 in `U32` (platform byte order). */
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

// Math's functions as module constants: a global lookup per call is very slow where code runs in a
// vm context (Jest's test environment: ~1 us per `Math.x` in a hot loop, 50x the work).
const { fround, abs } = Math;
const { isFinite } = Number;

/**
 * `fma(a, b, c)` rounded once to float32, for float32 inputs `a`, `b`, `c`.
 *
 * `a * b` is exact in double (24 + 24 bits) and `s = a * b + c` is one double rounding, which is
 * enough unless `s` lands exactly on a float32 halfway point while the exact sum does not: only
 * then is the sign of the rounding error of `s` needed (the "round to odd" condition of the
 * reference, taken only on that rare path). Kept tiny so that V8 inlines it into hot loops.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const s = a * b + c;
  const f = fround(s);
  const g = 2 * s - f; // f's other float32 neighbour exactly when s is a halfway point
  if (g === f || fround(g) !== g) return f;
  return +fmaF32Halfway(a, b, c, s, f, g);
}

/**
 * The rare case of {@link fmaF32}: `s = a * b + c` (in double) is halfway between the float32s
 * `f = fround(s)` and `g`; returns the one the exact value is nearer to. Exported so that hot
 * kernels can write the fast path of `fmaF32` inline and call only this.
 */
export function fmaF32Halfway(a: number, b: number, c: number, s: number, f: number, g: number): number {
  const p = a * b;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0) return f; // a true tie: fround already rounded half to even
  return err > 0 === g > f ? g : f;
}

/** 2^27 + 1, Veltkamp's splitting constant for doubles. */
const SPLITTER = 134217729;

/**
 * `fma(a, b, c)` rounded once to float64 (Boldo & Melquiond's emulation: exact product and sum,
 * then the low parts added with rounding to odd, then one rounding to nearest).
 *
 * Exact for finite operands whose product neither overflows nor nears the subnormal range
 * (|a*b| in (2^-968, 2^995)); outside that it falls back to `a * b + c`.
 */
export function fma64(a: number, b: number, c: number): number {
  const ph = a * b;
  const aph = abs(ph);
  if (!(aph < 2.6e299 && aph > 4e-292)) return ph + c; // zero, huge, tiny or not finite
  if (!isFinite(c)) return ph + c;
  // Exact product ph + pl (Dekker / Veltkamp).
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = al * bl - (((ph - ah * bh) - al * bh) - ah * bl);
  // Exact sum sh + sl = c + ph (Knuth's TwoSum).
  const sh = c + ph;
  const bv = sh - c;
  const sl = c - (sh - bv) + (ph - bv);
  return sh + addRoundToOdd(sl, pl);
}

/**
 * `x + y` rounded to odd: the rounded sum, moved one ulp towards the exact value when the
 * rounding was inexact and left the last mantissa bit even.
 */
export function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bv = s - x;
  const err = x - (s - bv) + (y - bv);
  if (err === 0 || !isFinite(s)) return s;
  F64[0] = s;
  const lo = U32[LO]!;
  if ((lo & 1) === 1) return s;
  // Same signs: magnitude grows (bit pattern + 1); opposite: it shrinks (- 1).
  // `lo` is even, so + 1 never carries; - 1 borrows from the high word when `lo` is 0.
  if (s > 0 === err > 0) U32[LO] = lo + 1;
  else if (lo === 0) {
    U32[LO] = 0xffffffff;
    U32[HI] = U32[HI]! - 1;
  } else U32[LO] = lo - 1;
  return F64[0];
}

const F32 = new Float32Array(1);
const F32U = new Uint32Array(F32.buffer);

/** The IEEE-754 bit pattern of `fround(x)`, as a uint32. */
export function f32Bits(x: number): number {
  F32[0] = x;
  return F32U[0]!;
}

/** The float32 whose bit pattern is the uint32 `bits`. */
export function f32FromBits(bits: number): number {
  F32U[0] = bits >>> 0;
  return F32[0]!;
}
