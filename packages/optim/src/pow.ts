/**
 * `base ** exponent` as Python (C's pow) computes it. glibc's pow is correctly rounded where V8's
 * `**` can be one ulp off (0.9 ** 4), and bias corrections like `1 - beta1 ** step` feed float64
 * trajectories, so integer exponents (step counts) are computed exactly in double-double
 * arithmetic and rounded once. Other exponents fall back to `**`.
 */
import { numeric } from '@torchlet/core/internal';

// Double-double products; each returns the high part and leaves the low one in LO[0].
const { ddMul, LO } = numeric;

/** Python's `base ** exponent` for floats. */
export function pyPow(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 2 ** 30 || !Number.isFinite(base) || base === 0) {
    return base ** exponent;
  }
  let n = exponent;
  let rh = 1, rl = 0, bh = base, bl = 0;
  while (n > 0) {
    if (n % 2 === 1) {
      rh = ddMul(rh, rl, bh, bl);
      rl = LO[0]!;
    }
    n = Math.floor(n / 2);
    if (n > 0) {
      bh = ddMul(bh, bl, bh, bl);
      bl = LO[0]!;
    }
  }
  const v = rh + rl;
  if (!Number.isFinite(v) || v === 0) return base ** exponent; // overflow / underflow: let ** decide
  return v;
}
