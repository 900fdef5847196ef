/**
 * `base ** exponent` as Python (C's pow) computes it. glibc's pow is correctly rounded where V8's
 * `**` can be one ulp off (0.9 ** 4), and bias corrections like `1 - beta1 ** step` feed float64
 * trajectories, so integer exponents (step counts) are computed exactly in double-double
 * arithmetic and rounded once. Other exponents fall back to `**`.
 */

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)

/** hi + lo = a * b exactly (Dekker). */
function twoProd(a: number, b: number, out: Float64Array): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  out[0] = p;
  out[1] = al * bl - (((p - ah * bh) - al * bh) - ah * bl);
}

const tmp = new Float64Array(2);

/** (xh + xl) * (yh + yl) in double-double, written to out. */
function ddMul(xh: number, xl: number, yh: number, yl: number, out: Float64Array): void {
  twoProd(xh, yh, tmp);
  const h = tmp[0]!;
  const l = tmp[1]! + (xh * yl + xl * yh);
  const s = h + l;
  out[0] = s;
  out[1] = l - (s - h);
}

/** Python's `base ** exponent` for floats. */
export function pyPow(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 2 ** 30 || !Number.isFinite(base) || base === 0) {
    return base ** exponent;
  }
  let n = exponent;
  const r = new Float64Array([1, 0]);
  const b = new Float64Array([base, 0]);
  while (n > 0) {
    if (n % 2 === 1) ddMul(r[0]!, r[1]!, b[0]!, b[1]!, r);
    n = Math.floor(n / 2);
    if (n > 0) ddMul(b[0]!, b[1]!, b[0]!, b[1]!, b);
  }
  const v = r[0]! + r[1]!;
  if (!Number.isFinite(v) || v === 0) return base ** exponent; // overflow / underflow: let ** decide
  return v;
}
