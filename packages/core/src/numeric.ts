/**
 * Exact floating-point building blocks: fused multiply-add with a single rounding (float32 and
 * float64) and double-double arithmetic (error-free sums and products, ~106-bit values as a
 * high double plus a low one).
 *
 * PyTorch's AVX2 kernels are compiled by GCC with contraction on, so `x * r + c` becomes one
 * `vfmadd`: the exact value rounded once. JavaScript has no fma, and rounding twice
 * (`fround(a * b + c)` or `a * b + c` in double) differs in many results, so these helpers
 * rebuild the single rounding from error-free transformations. The double-double operations
 * serve the correctly rounded log/sincos (random/libm.ts) and Python's pow (@torchlet/optim).
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the low/high 32-bit word of a float64 in `U32` (platform byte order). */
const LO_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI_WORD = 1 - LO_WORD;

// Math's functions as module constants: a global lookup per call is very slow where code runs in a
// vm context (Jest's test environment: ~1 us per `Math.x` in a hot loop, 50x the work).
const { fround, abs } = Math;
const { isFinite } = Number;

/** 2^27 + 1, Veltkamp's splitting constant for doubles. */
const SPLITTER = 134217729;

// ---- double-double --------------------------------------------------------------------------

/**
 * The low part of the last exact operation (`twoSum`, `twoProd`, `dd*`): each returns the high
 * part and leaves the low one here, so that pairs pass without allocating objects.
 */
export const LO = new Float64Array(1);

/** `a + b` exactly (Knuth's TwoSum): returns the rounded sum, leaves the error in `LO[0]`. */
export function twoSum(a: number, b: number): number {
  const s = a + b;
  const bv = s - a;
  LO[0] = a - (s - bv) + (b - bv);
  return s;
}

/** `a * b` exactly (Dekker): returns the rounded product, leaves the error in `LO[0]`. */
export function twoProd(a: number, b: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  LO[0] = al * bl - (p - ah * bh - al * bh - ah * bl);
  return p;
}

/** Double-double sum: returns the high part, low part in `LO[0]`. */
export function ddAdd(ah: number, al: number, bh: number, bl: number): number {
  const s = twoSum(ah, bh);
  const e = LO[0]! + al + bl;
  const h = s + e;
  LO[0] = e - (h - s);
  return h;
}

/** Double-double product: returns the high part, low part in `LO[0]`. */
export function ddMul(ah: number, al: number, bh: number, bl: number): number {
  const p = twoProd(ah, bh);
  const e = LO[0]! + (ah * bl + al * bh);
  const h = p + e;
  LO[0] = e - (h - p);
  return h;
}

/** Double-double quotient `a / b`: high part, low part in `LO[0]`. */
export function ddDiv(ah: number, al: number, bh: number, bl: number): number {
  const q1 = ah / bh;
  const p = twoProd(q1, bh);
  const pl = LO[0]!;
  const q2 = (ah - p - pl + al - q1 * bl) / bh;
  const h = q1 + q2;
  LO[0] = q2 - (h - q1);
  return h;
}

// ---- fma --------------------------------------------------------------------------------------

/** The largest float32, and the halfway point above it from which float32 rounding gives Infinity. */
const F32_MAX = 3.4028234663852886e38;
const F32_OVERFLOW = 3.4028235677973366e38;

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
  if (f === Infinity || f === -Infinity) {
    // s overflowed float32: its other neighbour is ±FLT_MAX (not 2s - f = ∓Infinity), and s rounds
    // down to it only from the exact overflow threshold itself (s is the exact sum rounded to double).
    if (Math.abs(s) !== F32_OVERFLOW) return f;
    g = Math.sign(s) * F32_MAX;
  }
  const p = a * b;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0) return f; // a true tie: fround already rounded half to even
  return err > 0 === g > f ? g : f;
}

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
  twoProd(a, b);
  const pl = LO[0]!;
  const sh = twoSum(c, ph);
  return sh + addRoundToOdd(LO[0]!, pl);
}

/**
 * `x + y` rounded to odd: the rounded sum, moved one ulp towards the exact value when the
 * rounding was inexact and left the last mantissa bit even.
 */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bv = s - x;
  const err = x - (s - bv) + (y - bv);
  if (err === 0 || !isFinite(s)) return s;
  F64[0] = s;
  const lo = U32[LO_WORD]!;
  if ((lo & 1) === 1) return s;
  // Same signs: magnitude grows (bit pattern + 1); opposite: it shrinks (- 1).
  // `lo` is even, so + 1 never carries; - 1 borrows from the high word when `lo` is 0.
  if (s > 0 === err > 0) U32[LO_WORD] = lo + 1;
  else if (lo === 0) {
    U32[LO_WORD] = 0xffffffff;
    U32[HI_WORD] = U32[HI_WORD]! - 1;
  } else U32[LO_WORD] = lo - 1;
  return F64[0];
}

/** erf to double precision (W. J. Cody's rational approximations). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const p = (((0.18577770618460315 * t + 3.1611237438705655) * t + 113.86415415105016) * t + 377.485237685302) * t + 3209.3775891384694;
    const q = (((t + 23.601290952344122) * t + 244.02463793444417) * t + 1282.6165260773723) * t + 2844.236833439171;
    return x * p / q;
  }
  if (ax >= 6) return x > 0 ? 1 : x < 0 ? -1 : x;
  let r: number;
  if (ax < 4) {
    const p = (((((((2.1531153547440383e-8 * ax + 0.5641884969886701) * ax + 8.883149794388377) * ax + 66.11919063714163) * ax + 298.6351381974001) * ax + 881.952221241769) * ax + 1712.0476126340707) * ax + 2051.0783778260716) * ax + 1230.3393547979972;
    const q = (((((((ax + 15.744926110709835) * ax + 117.6939508913125) * ax + 537.1811018620099) * ax + 1621.3895745666903) * ax + 3290.7992357334597) * ax + 4362.619090143247) * ax + 3439.3676741437216) * ax + 1230.3393548037495;
    r = p / q;
  } else {
    const z = 1 / (ax * ax);
    const p = ((((0.016315387137302097 * z + 0.30532663496123236) * z + 0.36034489994980445) * z + 0.12578172611122926) * z + 0.016083785148742275) * z + 0.0006587491615298378;
    const q = ((((z + 2.568520192289822) * z + 1.8729528499234673) * z + 0.5279051029514285) * z + 0.06051834131244132) * z + 0.0023352049762686918;
    r = (0.5641895835477563 - z * p / q) / ax;
  }
  // exp(-x^2) split to keep precision, as Cody does.
  const xsq = Math.trunc(ax * 16) / 16;
  const del = (ax - xsq) * (ax + xsq);
  r *= Math.exp(-xsq * xsq) * Math.exp(-del);
  const e = 1 - r;
  return x < 0 ? -e : e;
}
