/**
 * Python's printf-style formatting (`'%d, loss: %.4f' % (epoch, loss)`), with Python's numbers:
 * `%.Nf` and `%.Ne` round the exact binary value of the double, ties to even, which is what
 * CPython does and what `Number.prototype.toFixed` does not (`(0.125).toFixed(2)` is `0.13`,
 * Python's `'%.2f' % 0.125` is `0.12`). The number formatting itself is @torchlet/core's (the
 * one tensor printing uses); `formatExponential` is its `formatSci` under Python's name for `%e`.
 */
import { formatFixed, formatSci } from '@torchlet/core/internal';

export { formatFixed, formatSci as formatExponential };

/** A value `sprintf` can format: numbers, bigints, strings, booleans, or anything with toString. */
export type FormatArg = number | bigint | string | boolean | {
  /** The text `%s` prints. */
  toString(): string;
};

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
      if (!Number.isFinite(v)) throw new RangeError(`cannot convert float ${formatFixed(v)} to integer`);
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
      const s = formatSci(toNumber(arg, conv), precision ?? 6);
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
