/**
 * Python's printf-style formatting (`'%d, loss: %.4f' % (epoch, loss)`), with Python's numbers:
 * `%.Nf` and `%.Ne` round the exact binary value of the double, ties to even, which is what
 * CPython does and what `Number.prototype.toFixed` does not (`(0.125).toFixed(2)` is `0.13`,
 * Python's `'%.2f' % 0.125` is `0.12`).
 */

const EXP_MASK = 0x7ff;

/** The double as `mantissa * 2^exponent` with an integer mantissa (finite, non-negative input). */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & EXP_MASK;
  const fracHi = hi & 0xfffff;
  let mantissa = (BigInt(fracHi) << 32n) | BigInt(lo);
  if (biased === 0) return [mantissa, -1074];
  mantissa |= 1n << 52n;
  return [mantissa, biased - 1075];
}

/** `round(m / 10^k)` with ties to even, for m >= 0, k >= 0. */
function divRoundHalfEven(m: bigint, k: number): bigint {
  if (k <= 0) return m * 10n ** BigInt(-k);
  const d = 10n ** BigInt(k);
  const q = m / d;
  const r2 = (m % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/**
 * The exact value of |x| as a decimal integer `digits` scaled by 10^-scale (x finite).
 * Every double is a finite decimal: m * 2^-k = m * 5^k / 10^k.
 */
function exactDecimal(x: number): [bigint, number] {
  const [mantissa, exponent] = decompose(Math.abs(x));
  if (exponent >= 0) return [mantissa << BigInt(exponent), 0];
  return [mantissa * 5n ** BigInt(-exponent), -exponent];
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/**
 * Python's `'%.{digits}f' % x`: fixed-point with exactly `digits` decimals, rounding the exact
 * binary value half to even; `-0.0` and negatives that round to zero keep their minus sign.
 * @example formatFixed(0.125, 2) // '0.12' (toFixed gives '0.13')
 */
export function formatFixed(x: number, digits = 6): string {
  if (!Number.isInteger(digits) || digits < 0) throw new RangeError(`precision must be a non-negative integer, got ${digits}`);
  const special = nonFinite(x);
  if (special !== null) return special;
  const [m, scale] = exactDecimal(x);
  const q = divRoundHalfEven(m, scale - digits);
  let s = q.toString();
  if (digits > 0) {
    s = s.padStart(digits + 1, '0');
    s = `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  }
  return signOf(x) + s;
}

/**
 * Python's `'%.{digits}e' % x`: one digit, `digits` decimals, and an exponent of at least two
 * digits (`1.5000e-05`), rounding the exact binary value half to even.
 * @example formatExponential(12345.678, 2) // '1.23e+04'
 */
export function formatExponential(x: number, digits = 6): string {
  if (!Number.isInteger(digits) || digits < 0) throw new RangeError(`precision must be a non-negative integer, got ${digits}`);
  const special = nonFinite(x);
  if (special !== null) return special;
  let mantissaDigits: string;
  let exp10: number;
  if (x === 0) {
    mantissaDigits = '0'.repeat(digits + 1);
    exp10 = 0;
  } else {
    const [m, scale] = exactDecimal(x);
    // The value is m * 10^-scale; m has len digits, so the leading digit sits at 10^(len - 1 - scale).
    const len = m.toString().length;
    exp10 = len - 1 - scale;
    let q = divRoundHalfEven(m, len - 1 - digits);
    if (q.toString().length > digits + 1) {
      // Rounding carried into a new digit (9.99 -> 10.0): rescale by one.
      exp10 += 1;
      q = divRoundHalfEven(m, len - digits);
    }
    mantissaDigits = q.toString();
  }
  const head = mantissaDigits.slice(0, 1);
  const tail = mantissaDigits.slice(1);
  const expSign = exp10 < 0 ? '-' : '+';
  const expDigits = String(Math.abs(exp10)).padStart(2, '0');
  return `${signOf(x)}${head}${digits > 0 ? '.' : ''}${tail}e${expSign}${expDigits}`;
}

/** A value `sprintf` can format: numbers, bigints, strings, booleans, or anything with toString. */
export type FormatArg = number | bigint | string | boolean | { toString(): string };

const SPEC = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([diufFeEs%r])/g;

function pad(body: string, flags: string, width: number | undefined, numeric: boolean): string {
  if (width === undefined || body.length >= width) return body;
  if (flags.includes('-')) return body.padEnd(width, ' ');
  if (numeric && flags.includes('0')) {
    const signed = body.startsWith('-') || body.startsWith('+') || body.startsWith(' ');
    const sign = signed ? body.slice(0, 1) : '';
    return sign + body.slice(sign.length).padStart(width - sign.length, '0');
  }
  return body.padStart(width, ' ');
}

function toNumber(arg: FormatArg, conv: string): number {
  if (typeof arg === 'number') return arg;
  if (typeof arg === 'boolean') return arg ? 1 : 0;
  if (typeof arg === 'bigint') return Number(arg);
  throw new TypeError(`%${conv} format: a real number is required, not ${typeof arg}`);
}

function withSign(body: string, flags: string): string {
  if (body.startsWith('-')) return body;
  if (flags.includes('+')) return `+${body}`;
  if (flags.includes(' ')) return ` ${body}`;
  return body;
}

function formatOne(conv: string, flags: string, precision: number | undefined, arg: FormatArg): string {
  switch (conv) {
    case 's':
    case 'r':
      // Python spells booleans True/False.
      return typeof arg === 'boolean' ? (arg ? 'True' : 'False') : String(arg);
    case 'd':
    case 'i':
    case 'u': {
      if (typeof arg === 'bigint') return withSign(arg.toString(), flags);
      const v = toNumber(arg, conv);
      if (!Number.isFinite(v)) throw new RangeError(`cannot convert float ${nonFinite(v) ?? ''} to integer`);
      // Python's %d truncates floats toward zero (int(x)), exactly, even beyond 2^53.
      return withSign(BigInt(Math.trunc(v)).toString(), flags);
    }
    case 'f':
    case 'F': {
      const s = formatFixed(toNumber(arg, conv), precision ?? 6);
      return withSign(conv === 'F' ? s.toUpperCase() : s, flags);
    }
    case 'e':
    case 'E': {
      const s = formatExponential(toNumber(arg, conv), precision ?? 6);
      return withSign(conv === 'E' ? s.toUpperCase() : s, flags);
    }
    default:
      throw new Error(`unsupported format character '${conv}'`);
  }
}

/**
 * Python's `format % args` for the conversions `%d %i %u %f %F %e %E %s %r %%`, with flags
 * `- + space 0`, width and precision. Throws, as Python does, when the number of arguments does
 * not match the conversions.
 * @example sprintf('Epoch: %d, loss: %.4f, train_acc: %.3f', 200, 0.54478, 5 / 6)
 * // 'Epoch: 200, loss: 0.5448, train_acc: 0.833'
 */
export function sprintf(format: string, ...args: FormatArg[]): string {
  let next = 0;
  const out = format.replace(SPEC, (_match, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (next >= args.length) throw new TypeError('not enough arguments for format string');
    const arg = args[next++]!;
    const body = formatOne(conv, flags, precision === undefined ? undefined : Number(precision), arg);
    return pad(body, flags, width === undefined ? undefined : Number(width), conv !== 's' && conv !== 'r');
  });
  if (next < args.length) throw new TypeError('not all arguments converted during string formatting');
  return out;
}
