/**
 * Correctly rounded `log` and `sincos` in double, for the Box-Muller paths in double.
 *
 * PyTorch calls glibc's `log`, `cos` and `sin`, which are correctly rounded for all but about
 * 1 argument in 1000. V8's `Math.log/cos/sin` (fdlibm) miss for about 1 in 14 (log) and 1 in 30
 * (sin, cos), which made ~8% of float64 normals differ from PyTorch in the last bits; with these,
 * ~0.3% do (glibc's own misses). They evaluate in double-double (~100 bits: a table reduction,
 * a short series) and round once. The tables are computed on first use from the same series,
 * so no data is copied. float32 results hardly need this (the bits vanish in the rounding to
 * float32) but the small path shares the code. Cost: ~0.5 us per log + sincos.
 */
import { ddAdd, ddDiv, ddMul, LO, twoProd, twoSum } from '../numeric';

// Math's functions as module constants: a global lookup per call is very slow where code runs in a
// vm context (Jest's test environment: ~1 us per `Math.x` in a hot loop, 50x the work).
const { abs, floor, round, SQRT2 } = Math;

// ln 2 and pi/2 in three parts (each part the double nearest the remainder).
const LN2_1 = 0.6931471805599453;
const LN2_2 = 2.3190468138462996e-17;
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;

/** Table steps: the log table covers m in [sqrt(1/2), sqrt(2)) by 1/512, sincos [0, pi/4] by 1/64. */
const LOG_STEP = 512;
const LOG_FIRST = 362; // floor(sqrt(1/2) * 512)
const LOG_LAST = 724; // floor(sqrt(2) * 512)
const SC_STEP = 64;
const SC_LAST = 51; // ceil(pi/4 * 64)

/** Lazily built tables (double-double pairs, high then low). */
interface Tables {
  inv: Float64Array; // 1 / c_j for the log table (a double; the product is taken exactly)
  logC: Float64Array; // -log(inv_j) as double-double, 2 per entry
  recip: Float64Array; // 1/n as double-double, n = 0..41 (index 0 unused)
  fact: Float64Array; // 1/n! as double-double, n = 0..30
  sinA: Float64Array; // sin(i/64) as double-double
  cosA: Float64Array; // cos(i/64) as double-double
}
let tables: Tables | undefined;

function buildTables(): Tables {
  const recip = new Float64Array(2 * 42);
  for (let n = 1; n <= 41; n++) {
    recip[2 * n] = ddDiv(1, 0, n, 0);
    recip[2 * n + 1] = LO[0]!;
  }
  const fact = new Float64Array(2 * 31);
  fact[0] = 1;
  for (let n = 1; n <= 30; n++) {
    fact[2 * n] = ddDiv(fact[2 * n - 2]!, fact[2 * n - 1]!, n, 0);
    fact[2 * n + 1] = LO[0]!;
  }
  const t: Tables = {
    inv: new Float64Array(LOG_LAST + 1),
    logC: new Float64Array(2 * (LOG_LAST + 1)),
    recip,
    fact,
    sinA: new Float64Array(2 * (SC_LAST + 1)),
    cosA: new Float64Array(2 * (SC_LAST + 1)),
  };
  for (let j = LOG_FIRST; j <= LOG_LAST; j++) {
    // Entries around 1 use inv = 1 so that log(x) for x near 1 is log1p(x - 1), with no cancellation.
    const inv = j === LOG_STEP - 1 || j === LOG_STEP ? 1 : LOG_STEP / (j + 0.5);
    t.inv[j] = inv;
    // -log(inv) = -2 atanh((inv - 1) / (inv + 1)), the series in double-double (|z| < 0.18).
    const dh = twoSum(inv, 1);
    const zh = ddDiv(inv - 1, 0, dh, LO[0]!); // inv - 1 is exact
    const zl = LO[0]!;
    const z2h = ddMul(zh, zl, zh, zl);
    const z2l = LO[0]!;
    let sh = 0;
    let sl = 0;
    for (let n = 41; n >= 1; n -= 2) {
      // s = 1/n + z^2 s, so that atanh(z) = z s
      const mh = ddMul(sh, sl, z2h, z2l);
      sh = ddAdd(recip[2 * n]!, recip[2 * n + 1]!, mh, LO[0]!);
      sl = LO[0]!;
    }
    const rh = ddMul(sh, sl, zh, zl);
    t.logC[2 * j] = -2 * rh;
    t.logC[2 * j + 1] = -2 * LO[0]!;
  }
  for (let i = 0; i <= SC_LAST; i++) {
    sincosSeries(i / SC_STEP, 0, fact, 28, 28);
    t.sinA[2 * i] = SC[0]!;
    t.sinA[2 * i + 1] = SC[1]!;
    t.cosA[2 * i] = SC[2]!;
    t.cosA[2 * i + 1] = SC[3]!;
  }
  return t;
}

const SC = new Float64Array(4);

/**
 * Taylor series of sin and cos of the double-double `x` up to x^terms, into `SC` (sin hi/lo,
 * cos hi/lo). Terms of order above `ddFrom` are summed in plain double (they are too small to
 * need more), the rest in double-double.
 */
function sincosSeries(xh: number, xl: number, fact: Float64Array, terms: number, ddFrom: number): void {
  const x2h = ddMul(xh, xl, xh, xl);
  const x2l = LO[0]!;
  // sin x = x (1 - x^2/3! + x^4/5! - ...), cos x = 1 - x^2/2! + x^4/4! - ...; Horner in x^2.
  let sh = 0;
  let sl = 0;
  let ch = 0;
  let cl = 0;
  const top = terms % 2 === 0 ? terms : terms - 1;
  for (let n = top; n >= 0; n -= 2) {
    const sign = (n / 2) % 2 === 0 ? 1 : -1;
    if (n > ddFrom) {
      ch = sign * fact[2 * n]! + x2h * ch;
      sh = sign * fact[2 * n + 2]! + x2h * sh;
      continue;
    }
    let mh = ddMul(ch, cl, x2h, x2l);
    let ml = LO[0]!;
    ch = ddAdd(sign * fact[2 * n]!, sign * fact[2 * n + 1]!, mh, ml);
    cl = LO[0]!;
    mh = ddMul(sh, sl, x2h, x2l);
    ml = LO[0]!;
    sh = ddAdd(sign * fact[2 * n + 2]!, sign * fact[2 * n + 3]!, mh, ml);
    sl = LO[0]!;
  }
  SC[0] = ddMul(sh, sl, xh, xl);
  SC[1] = LO[0]!;
  SC[2] = ch;
  SC[3] = cl;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Natural log, correctly rounded (except in astronomically rare near-halfway cases). */
export function logF64(x: number): number {
  if (!(x > 0 && x <= 1.7976931348623157e308)) return Math.log(x); // NaN, negatives, 0, +inf
  const t = (tables ??= buildTables());
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormals to normal
    k = -54;
  }
  F64[0] = x;
  const hi = U32[HI]!;
  k += (hi >>> 20) - 1023;
  U32[HI] = (hi & 0x000fffff) | 0x3ff00000;
  let m = F64[0]; // in [1, 2)
  if (m >= SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const j = floor(m * LOG_STEP);
  // r = m * inv - 1, exactly, as a double-double.
  const p = twoProd(m, t.inv[j]!);
  const pl = LO[0]!;
  const rh = twoSum(p - 1, pl);
  const rl = LO[0]!;
  // log1p(r) = r - r^2/2 + r^3/3 - ... = r (1 - r (1/2 - r (1/3 - ...))), |r| < 2^-9.5:
  // the terms from r^8 on are below 2^-66 and summed in double, the rest in double-double.
  let sh = 0;
  for (let n = 12; n >= 8; n--) sh = 1 / n - rh * sh;
  let sl = 0;
  for (let n = 7; n >= 1; n--) {
    const mh = ddMul(sh, sl, rh, rl);
    sh = ddAdd(t.recip[2 * n]!, t.recip[2 * n + 1]!, -mh, -LO[0]!);
    sl = LO[0]!;
  }
  const lh = ddMul(sh, sl, rh, rl);
  const ll = LO[0]!;
  // + log(c_j) + k ln 2
  let h = ddAdd(lh, ll, t.logC[2 * j]!, t.logC[2 * j + 1]!);
  let l = LO[0]!;
  if (k !== 0) {
    const kh = twoProd(k, LN2_1);
    const kl = LO[0]! + k * LN2_2;
    h = ddAdd(h, l, kh, kl);
    l = LO[0]!;
  }
  return h + l;
}

/**
 * `sin(theta)` to `out[0]` and `cos(theta)` to `out[1]`, correctly rounded, for
 * |theta| <= 8 (Box-Muller's angles are in [0, 2 pi)); larger arguments use Math.sin/cos.
 */
export function sincosF64(theta: number, out: Float64Array): void {
  if (!(abs(theta) <= 8)) {
    out[0] = Math.sin(theta);
    out[1] = Math.cos(theta);
    return;
  }
  const t = (tables ??= buildTables());
  // r = theta - k pi/2 in double-double; the first subtraction is exact when r is small.
  const k = round(theta / PIO2_1);
  const p1 = twoProd(k, PIO2_1);
  const p1l = LO[0]!;
  let rh = twoSum(theta, -p1);
  let rl = LO[0]!;
  rh = ddAdd(rh, rl, -p1l, 0);
  rl = LO[0]!;
  const p2 = twoProd(k, PIO2_2);
  rh = ddAdd(rh, rl, -p2, -LO[0]! - k * PIO2_3);
  rl = LO[0]!;
  // sin/cos of r = a + s with a = i/64 from the table and |s| <= 1/128.
  const neg = rh < 0;
  if (neg) {
    rh = -rh;
    rl = -rl;
  }
  const i = round(rh * SC_STEP);
  const sh = twoSum(rh - i / SC_STEP, rl); // the subtraction is exact (Sterbenz)
  sincosSeries(sh, LO[0]!, t.fact, 14, 6); // |s| <= 2^-7: from s^8 on, double is plenty
  const ssh = SC[0]!;
  const ssl = SC[1]!;
  const sch = SC[2]!;
  const scl = SC[3]!;
  const sah = t.sinA[2 * i]!;
  const sal = t.sinA[2 * i + 1]!;
  const cah = t.cosA[2 * i]!;
  const cal = t.cosA[2 * i + 1]!;
  // sin(a + s) = sin a cos s + cos a sin s; cos(a + s) = cos a cos s - sin a sin s
  let ah = ddMul(sah, sal, sch, scl);
  let al = LO[0]!;
  let bh = ddMul(cah, cal, ssh, ssl);
  let bl = LO[0]!;
  let sin = ddAdd(ah, al, bh, bl);
  sin += LO[0]!;
  ah = ddMul(cah, cal, sch, scl);
  al = LO[0]!;
  bh = ddMul(sah, sal, ssh, ssl);
  bl = LO[0]!;
  let cos = ddAdd(ah, al, -bh, -bl);
  cos += LO[0]!;
  if (neg) sin = -sin;
  // Quadrant k mod 4: (sin, cos) of theta from those of r.
  const q = ((k % 4) + 4) % 4;
  out[0] = q === 0 ? sin : q === 1 ? cos : q === 2 ? -sin : -cos;
  out[1] = q === 0 ? cos : q === 1 ? -sin : q === 2 ? -cos : sin;
}
