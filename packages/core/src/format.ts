/** PyTorch's tensor printing (torch/_tensor_str.py): precision 4, sci mode, summaries, suffixes. */
import type { Tensor } from './tensor';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sciMode: boolean | null;
}

const options: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null };

/** torch.set_printoptions. */
export function setPrintOptions(opts: Partial<PrintOptions>): void {
  Object.assign(options, opts);
}

type Fmt = (v: number) => string;

/** Python's '{:.Ne}': two-digit exponent at least. */
function sci(v: number, p: number): string {
  const s = v.toExponential(p);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

function makeFloatFormatter(values: number[]): { fmt: Fmt; width: number } {
  const p = options.precision;
  const finite = values.filter((v) => Number.isFinite(v));
  const nonzero = finite.filter((v) => v !== 0).map(Math.abs);
  let fmt: Fmt;
  if (nonzero.length === 0) {
    fmt = (v) => special(v) ?? `${v.toFixed(0)}.`;
  } else {
    const intMode = finite.every((v) => Math.ceil(v) === v);
    const maxV = Math.max(...nonzero), minV = Math.min(...nonzero);
    if (intMode) {
      const useSci = options.sciMode ?? (maxV / minV > 1000 || maxV > 1e8);
      fmt = useSci ? (v) => special(v) ?? sci(v, p) : (v) => special(v) ?? `${v.toFixed(0)}.`;
    } else {
      const useSci = options.sciMode ?? (maxV / minV > 1000 || maxV > 1e8 || minV < 1e-4);
      fmt = useSci ? (v) => special(v) ?? sci(v, p) : (v) => special(v) ?? v.toFixed(p);
    }
  }
  let width = 0;
  for (const v of values) width = Math.max(width, fmt(v).length);
  return { fmt, width };
}

function summarizedValues(t: Tensor, summarize: boolean): number[] {
  const out: number[] = [];
  const e = options.edgeitems;
  const walk = (dim: number, off: number): void => {
    if (dim === t.shape.length) { out.push(t.storage.data[off]!); return; }
    const n = t.shape[dim]!;
    const s = t.strides[dim]!;
    for (let i = 0; i < n; i++) {
      if (summarize && n > 2 * e && i === e) i = n - e;
      walk(dim + 1, off + i * s);
    }
  };
  walk(0, t.offset);
  return out;
}

export function formatTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const numel = t.numel();
  const summarize = numel > options.threshold;
  const suffixes: string[] = [];
  let body: string;
  if (numel === 0) {
    body = '[]';
    if (t.shape.length !== 1) suffixes.push(`size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`);
  } else {
    const values = summarizedValues(t, summarize);
    let fmt: Fmt;
    let width: number;
    if (t.dtype === 'bool') {
      fmt = (v) => (v ? 'True' : 'False');
      width = values.some((v) => !v) ? 5 : 4;
    } else if (t.dtype === 'int32') {
      fmt = (v) => String(v);
      width = Math.max(...values.map((v) => String(v).length));
    } else {
      ({ fmt, width } = makeFloatFormatter(values));
    }
    const pad = (v: number): string => fmt(v).padStart(width);
    body = formatDims(t, 0, t.offset, indent, pad, width, summarize);
  }
  if (t.dtype === 'float64') suffixes.push('dtype=torch.float64');
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return prefix + [body, ...suffixes].join(', ') + ')';
}

function formatDims(t: Tensor, dim: number, off: number, indent: number, pad: (v: number) => string, width: number, summarize: boolean): string {
  const nd = t.shape.length;
  if (nd === 0) return pad(t.storage.data[off]!).trim();
  const n = t.shape[dim]!;
  const s = t.strides[dim]!;
  const e = options.edgeitems;
  const skip = summarize && n > 2 * e;
  if (dim === nd - 1) {
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      if (skip && i === e) { items.push('...'); i = n - e; }
      items.push(pad(t.storage.data[off + i * s]!));
    }
    // Wrap rows wider than linewidth, as PyTorch does.
    const perLine = Math.max(1, Math.floor((options.linewidth - indent) / (width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
  }
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    if (skip && i === e) { parts.push('...'); i = n - e; }
    parts.push(formatDims(t, dim + 1, off + i * s, indent + 1, pad, width, summarize));
  }
  const sep = ',' + '\n'.repeat(nd - dim - 1) + ' '.repeat(indent + 1);
  return '[' + parts.join(sep) + ']';
}
