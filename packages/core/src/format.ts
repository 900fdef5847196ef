/**
 * PyTorch's tensor printing (torch/_tensor_str.py, 1.13) ported line for line: the formatter's
 * int/sci/fixed modes and widths, summarised edges, line wrapping at the line width, blank
 * lines between the blocks of 3-D and higher tensors, and the dtype/grad suffixes. Numbers are
 * formatted as Python's format() does (exact decimal expansion, ties to even).
 */
import { getDefaultDtype, isFloating, type DType, type TypedArray } from './dtype';
import { decodeHalf } from './half';
import { contiguousStrides } from './shape';
import type { Tensor } from './tensor';
import { pyTuple } from './pyrepr';

/** How tensors print: the options of setPrintoptions (torch.set_printoptions), PyTorch's defaults. */
export interface PrintOptions {
  /** Digits after the decimal point (default 4). */
  precision: number;
  /** Above this many elements the tensor is summarised (default 1000). */
  threshold: number;
  /** Items shown at each end of a summarised dim (default 3). */
  edgeitems: number;
  /** Characters per line before wrapping (default 80). */
  linewidth: number;
  /** Force (true) or forbid (false) scientific notation; null chooses per tensor. */
  sciMode: boolean | null;
}

const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null };
const options: PrintOptions = { ...DEFAULTS };

/**
 * torch.set_printoptions. As in PyTorch, `sciMode` is reset to null unless given, and a
 * `profile` ('default', 'short', 'full') sets the others first.
 * @example setPrintOptions({ precision: 2 }); String(tensor([1.12345])) // 'tensor([1.12])'
 */
export function setPrintOptions(opts: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' }): void {
  if (opts.profile === 'default') Object.assign(options, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (opts.profile === 'short') Object.assign(options, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (opts.profile === 'full') Object.assign(options, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  if (opts.precision !== undefined) options.precision = opts.precision;
  if (opts.threshold !== undefined) options.threshold = opts.threshold;
  if (opts.edgeitems !== undefined) options.edgeitems = opts.edgeitems;
  if (opts.linewidth !== undefined) options.linewidth = opts.linewidth;
  options.sciMode = opts.sciMode ?? null;
}

/** The current print options (a copy). */
export function getPrintOptions(): PrintOptions {
  return { ...options };
}

// ---- Python's number formatting, exactly --------------------------------------------------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** |v| = m * 2^e exactly, for finite v. */
function decompose(v: number): [bigint, number] {
  F64[0] = Math.abs(v);
  const hi = U32[LITTLE ? 1 : 0]!, lo = U32[LITTLE ? 0 : 1]!;
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return [m, -1074];
  m |= 1n << 52n;
  return [m, exp - 1075];
}

/** round(num / den) with ties to even. */
function divRound(num: bigint, den: bigint): bigint {
  const q = num / den, r = num % den;
  const twice = 2n * r;
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
}

const pow10 = (k: number): bigint => 10n ** BigInt(k);

function isNegative(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/** Python's spelling of NaN and the infinities, or null for a finite v. */
function nonFinite(v: number): string | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

function checkPrecision(p: number): void {
  if (!Number.isInteger(p) || p < 0) throw new RangeError(`precision must be a non-negative integer, got ${p}`);
}

/**
 * Python's `'%.{p}f' % v` (`'{:.pf}'.format(v)`): fixed-point with exactly `p` decimals,
 * rounding the exact binary value half to even; `-0.0` and negatives that round to zero keep
 * their minus sign.
 * @example formatFixed(0.125, 2) // '0.12' ((0.125).toFixed(2) gives '0.13')
 */
export function formatFixed(v: number, p = 6): string {
  checkPrecision(p);
  const special = nonFinite(v);
  if (special !== null) return special;
  const [m, e] = decompose(v);
  const n = e >= 0 ? (m << BigInt(e)) * pow10(p) : divRound(m * pow10(p), 1n << BigInt(-e));
  let digits = n.toString();
  if (digits.length <= p) digits = '0'.repeat(p + 1 - digits.length) + digits;
  const body = p === 0 ? digits : `${digits.slice(0, digits.length - p)}.${digits.slice(digits.length - p)}`;
  return (isNegative(v) ? '-' : '') + body;
}

/**
 * Python's `'%.{p}e' % v`: one digit, `p` decimals and an exponent of at least two digits
 * (`1.5000e-05`), rounding the exact binary value half to even.
 * @example formatSci(12345.678, 2) // '1.23e+04'
 */
export function formatSci(v: number, p = 6): string {
  checkPrecision(p);
  const special = nonFinite(v);
  if (special !== null) return special;
  const sign = isNegative(v) ? '-' : '';
  let digits: string;
  let k = 0;
  if (v === 0) digits = '0'.repeat(p + 1);
  else {
    const [m, e] = decompose(v);
    // |v| = num / den exactly; find k with 10^p <= round(|v| * 10^(p-k)) < 10^(p+1).
    const num = e >= 0 ? m << BigInt(e) : m, den = e >= 0 ? 1n : 1n << BigInt(-e);
    k = Math.floor(Math.log10(Math.abs(v)));
    const scaled = (kk: number): bigint => (p - kk >= 0 ? divRound(num * pow10(p - kk), den) : divRound(num, den * pow10(kk - p)));
    let d = scaled(k);
    for (;;) {
      if (d >= pow10(p + 1)) { k++; d = scaled(k); } else if (d < pow10(p)) { k--; d = scaled(k); } else break;
    }
    digits = d.toString();
  }
  const mant = p === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
  const ex = Math.abs(k).toString().padStart(2, '0');
  return `${sign}${mant}e${k < 0 ? '-' : '+'}${ex}`;
}

// ---- torch._tensor_str ----------------------------------------------------------------------

/** _Formatter: chooses int / sci / fixed mode and the column width from the shown values. */
class Formatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;
  private readonly floating: boolean;

  constructor(values: readonly number[], private readonly dtype: DType) {
    this.floating = isFloating(dtype);
    if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.plain(v).length);
      return;
    }
    const nz = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (nz.length === 0) return;
    let lo = Infinity, hi = 0;
    for (const v of nz) { const a = Math.abs(v); lo = Math.min(lo, a); hi = Math.max(hi, a); }
    this.intMode = nz.every((v) => v === Math.ceil(v));
    const p = options.precision;
    if (this.intMode) {
      if (hi / lo > 1000 || hi > 1e8) {
        this.sciMode = true;
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatSci(v, p).length);
      } else {
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, 0).length + 1);
      }
    } else if (hi / lo > 1000 || hi > 1e8 || lo < 1e-4) {
      this.sciMode = true;
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatSci(v, p).length);
    } else {
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, p).length);
    }
    if (options.sciMode !== null) this.sciMode = options.sciMode;
  }

  width(): number {
    return this.maxWidth;
  }

  private plain(v: number): string {
    if (this.dtype === 'bool') return v ? 'True' : 'False';
    return String(v);
  }

  format(v: number): string {
    let ret: string;
    if (this.floating) {
      if (this.sciMode) ret = formatSci(v, options.precision).padStart(this.maxWidth);
      else if (this.intMode) ret = formatFixed(v, 0) + (Number.isFinite(v) ? '.' : '');
      else ret = formatFixed(v, options.precision);
    } else ret = this.plain(v);
    return ret.padStart(this.maxWidth);
  }
}

/** A tensor's values read once to the host: a row-major copy, indexed with contiguous strides. */
interface HostValues {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly data: TypedArray;
}

/**
 * The indices shown along a dim of size n: all, or the first and last edgeitems with -1 marking
 * the '...' between them when summarising.
 */
function shownIndices(n: number, summarize: boolean): number[] {
  const e = options.edgeitems;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (summarize && n > 2 * e && i === e) { out.push(-1); i = n - e; }
    out.push(i);
  }
  return out;
}

/** One level of the walk over the leading dims (an explicit stack: tensors may have 100,000 dims). */
interface Frame {
  readonly dim: number;
  readonly off: number;
  readonly indices: readonly number[];
  next: number;
  readonly parts: string[];
}

/** The values that will be shown (first and last edgeitems of every dim when summarising). */
function shownValues(h: HostValues, summarize: boolean): number[] {
  const out: number[] = [];
  const nd = h.shape.length;
  if (nd === 0) return [h.data[0]!];
  const stack: Frame[] = [{ dim: 0, off: 0, indices: shownIndices(h.shape[0]!, summarize), next: 0, parts: [] }];
  while (stack.length > 0) {
    const fr = stack[stack.length - 1]!;
    if (fr.next === fr.indices.length) { stack.pop(); continue; }
    const i = fr.indices[fr.next++]!;
    if (i < 0) continue;
    const off = fr.off + i * h.strides[fr.dim]!;
    if (fr.dim === nd - 1) out.push(h.data[off]!);
    else stack.push({ dim: fr.dim + 1, off, indices: shownIndices(h.shape[fr.dim + 1]!, summarize), next: 0, parts: [] });
  }
  return out;
}

function vectorStr(h: HostValues, off: number, indent: number, summarize: boolean, f: Formatter): string {
  const n = h.shape[h.shape.length - 1]!, s = h.strides[h.shape.length - 1]!;
  const elementLength = f.width() + 2;
  const perLine = Math.max(1, Math.floor((options.linewidth - indent) / elementLength));
  const e = options.edgeitems;
  const data: string[] = [];
  for (let i = 0; i < n; i++) {
    if (summarize && n > 2 * e && i === e) { data.push(' ...'); i = n - e; }
    data.push(f.format(h.data[off + i * s]!));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(h: HostValues, indent: number, summarize: boolean, f: Formatter): string {
  const nd = h.shape.length;
  if (nd === 0) return f.format(h.data[0]!);
  if (nd === 1) return vectorStr(h, 0, indent, summarize, f);
  // _tensor_str_with_formatter's recursion, unrolled onto a stack; frame k is dim k at indent + k.
  const stack: Frame[] = [{ dim: 0, off: 0, indices: shownIndices(h.shape[0]!, summarize), next: 0, parts: [] }];
  for (;;) {
    const fr = stack[stack.length - 1]!;
    const ind = indent + fr.dim;
    if (fr.next < fr.indices.length) {
      const i = fr.indices[fr.next++]!;
      if (i < 0) { fr.parts.push('...'); continue; }
      const off = fr.off + i * h.strides[fr.dim]!;
      if (fr.dim + 1 === nd - 1) fr.parts.push(vectorStr(h, off, ind + 1, summarize, f));
      else stack.push({ dim: fr.dim + 1, off, indices: shownIndices(h.shape[fr.dim + 1]!, summarize), next: 0, parts: [] });
      continue;
    }
    stack.pop();
    // The separator is built only when needed: it is O(ndim) long.
    const str = '[' + (fr.parts.length === 1 ? fr.parts[0]! : fr.parts.join(',' + '\n'.repeat(nd - fr.dim - 1) + ' '.repeat(ind + 1))) + ']';
    if (stack.length === 0) return str;
    stack[stack.length - 1]!.parts.push(str);
  }
}

function addSuffixes(tensorString: string, suffixes: readonly string[], indent: number): string {
  const parts = [tensorString];
  let lastLineLen = tensorString.length - tensorString.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > options.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** str(torch.Size) as a Python tuple: (2, 3), (0,). */

/**
 * The PyTorch repr of a tensor, e.g. `tensor([[ 1.5410, -0.2934]], requires_grad=True)`.
 * int64 tensors print as PyTorch's (no dtype suffix), and so do int32 ones, torchlet's default
 * integer dtype (an empty one names its dtype).
 */
export function formatTensor(t: Tensor, values?: TypedArray): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const defaultDtype = getDefaultDtype();
  // PyTorch names a non-CPU device first (device='cuda:0'); webgpu values are read back only
  // asynchronously, so String(x) shows a placeholder and toStringAsync() the values.
  const onDevice = t.storage.device !== 'cpu';
  if (onDevice) suffixes.push(`device='${t.storage.device}'`);
  let body: string;
  if (onDevice && values === undefined && t.numel() > 0) {
    suffixes.push('size=' + pyTuple(t.shape));
    if (t.dtype !== defaultDtype) suffixes.push(`dtype=torch.${t.dtype}`);
    body = '<values not read: use await x.toStringAsync()>';
  } else if (t.numel() === 0) {
    if (t.shape.length !== 1) suffixes.push('size=' + pyTuple(t.shape));
    if (t.dtype !== defaultDtype) suffixes.push(`dtype=torch.${t.dtype}`);
    body = '[]';
  } else {
    if (t.dtype !== defaultDtype && t.dtype !== 'int32' && t.dtype !== 'int64' && t.dtype !== 'bool') suffixes.push(`dtype=torch.${t.dtype}`);
    const summarize = t.numel() > options.threshold;
    let data = values ?? t.toTypedArray();
    if (data instanceof Uint16Array) data = decodeHalf(t.dtype as 'float16' | 'bfloat16', data); // bit patterns to values
    const h: HostValues = { shape: t.shape, strides: contiguousStrides(t.shape), data };
    const f = new Formatter(shownValues(h, summarize), t.dtype);
    body = tensorStr(h, indent, summarize, f);
  }
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
