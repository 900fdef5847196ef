/**
 * NumPy's `str(array)` for integer and boolean arrays (what `print(t.numpy())` shows): elements
 * right-aligned to a common width, separated by spaces, wrapped at 75 columns, and summarised
 * with `...` beyond 1000 elements (3 edge items), as `numpy.array2string` does.
 */
import { Tensor, tensor } from '@torchlet/core';

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const SEPARATOR = ' ';
const SUMMARY = '...';

function extendLine(s: string, line: string, word: string, width: number, nextLinePrefix: string): [string, string] {
  let needsWrap = line.length + word.length > width;
  if (line.length <= nextLinePrefix.length) needsWrap = false;
  if (needsWrap) {
    s += line.trimEnd() + '\n';
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/** A tensor's values read once: a row-major copy and the strides that index it. */
interface HostValues {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly data: ArrayLike<number>;
}

/** Reads `t` to the host once; contiguous() makes its strides those of the row-major copy. */
function readHost(t: Tensor): HostValues {
  const c = t.contiguous();
  return { shape: c.shape, strides: c.strides, data: c.toTypedArray() };
}

/** The values a summarised array shows (the edge items of every dim), for the common width. */
function shownValues(h: HostValues, summarize: boolean): number[] {
  const out: number[] = [];
  const walk = (dim: number, off: number): void => {
    if (dim === h.shape.length) {
      out.push(h.data[off]!);
      return;
    }
    const n = h.shape[dim]!;
    for (let i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE_ITEMS && i === EDGE_ITEMS) i = n - EDGE_ITEMS;
      walk(dim + 1, off + i * h.strides[dim]!);
    }
  };
  walk(0, 0);
  return out;
}

function formatterFor(t: Tensor, h: HostValues, summarize: boolean): (v: number) => string {
  if (t.dtype === 'bool') {
    const trueStr = t.shape.length === 0 ? 'True' : ' True';
    return (v) => (v !== 0 ? trueStr : 'False');
  }
  if (t.dtype !== 'int32' && t.dtype !== 'int64') {
    throw new TypeError(`numpyStr prints integer and bool arrays; got dtype ${t.dtype}`);
  }
  let width = 0;
  for (const v of shownValues(h, summarize)) width = Math.max(width, String(v).length);
  return (v) => String(v).padStart(width, ' ');
}

/**
 * `str(ndarray)` as NumPy prints it, for an integer or boolean tensor (or a plain integer array).
 * @example numpyStr(tensor([0, 1, 2, 0, 0, 2])) // '[0 1 2 0 0 2]'
 * @example numpyStr(tensor([[1, -20], [3, 4]])) // '[[  1 -20]\n [  3   4]]'
 */
export function numpyStr(values: Tensor | readonly number[] | Int32Array): string {
  const t = values instanceof Tensor ? values : tensor(values instanceof Int32Array ? values : [...values], { dtype: 'int32' });
  const summarize = t.numel() > THRESHOLD;
  const h = readHost(t);
  const fmt = formatterFor(t, h, summarize);
  const { data, strides } = h;
  if (t.shape.length === 0) return fmt(data[0]!);
  if (t.numel() === 0) return '[]';
  const recurse = (dim: number, off: number, hangingIndent: string, currWidth: number): string => {
    if (dim === t.shape.length) return fmt(data[off]!);
    const nextIndent = hangingIndent + ' ';
    const nextWidth = currWidth - 1;
    const n = t.shape[dim]!;
    const stride = strides[dim]!;
    const showSummary = summarize && 2 * EDGE_ITEMS < n;
    const leading = showSummary ? EDGE_ITEMS : 0;
    const trailing = showSummary ? EDGE_ITEMS : n;
    const axesLeft = t.shape.length - dim;
    let s = '';
    if (axesLeft === 1) {
      const elemWidth = currWidth - Math.max(SEPARATOR.trimEnd().length, 1);
      let line = hangingIndent;
      const add = (word: string): void => {
        [s, line] = extendLine(s, line, word, elemWidth, hangingIndent);
      };
      for (let i = 0; i < leading; i++) {
        add(recurse(dim + 1, off + i * stride, nextIndent, nextWidth));
        line += SEPARATOR;
      }
      if (showSummary) {
        add(SUMMARY);
        line += SEPARATOR;
      }
      for (let i = trailing; i > 1; i--) {
        add(recurse(dim + 1, off + (n - i) * stride, nextIndent, nextWidth));
        line += SEPARATOR;
      }
      add(recurse(dim + 1, off + (n - 1) * stride, nextIndent, nextWidth));
      s += line;
    } else {
      const lineSep = SEPARATOR.trimEnd() + '\n'.repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) s += hangingIndent + recurse(dim + 1, off + i * stride, nextIndent, nextWidth) + lineSep;
      if (showSummary) s += hangingIndent + SUMMARY + lineSep;
      for (let i = trailing; i > 1; i--) s += hangingIndent + recurse(dim + 1, off + (n - i) * stride, nextIndent, nextWidth) + lineSep;
      s += hangingIndent + recurse(dim + 1, off + (n - 1) * stride, nextIndent, nextWidth);
    }
    return '[' + s.slice(hangingIndent.length) + ']';
  };
  return recurse(0, 0, ' ', LINE_WIDTH);
}
