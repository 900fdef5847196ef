/**
 * unique and uniqueConsecutive: the distinct values (or slices along `dim`), with the inverse map
 * and the counts on request. Not differentiable (as in PyTorch). The grouping depends on the data,
 * so it runs on the host; the slices along `dim` are picked with indexSelect.
 *
 * NaN: every NaN is distinct, sorted after all numbers (PyTorch 2.x's sorted unique; 1.13's CPU
 * hash-based unique returns inconsistent inverse indices for NaN).
 * `sorted: false`: the values still come back sorted (PyTorch's order for it is its hash set's).
 */
import type { TypedArray } from '../dtype';
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { fromHost } from './util';
import { indexSelect } from './indexing';
import { checkHostReadable } from './devices';

/** uniqueConsecutive's keyword options. */
export interface UniqueConsecutiveOptions {
  /** Also return, for each element (or slice), the index of its value in the output. */
  returnInverse?: boolean;
  /** Also return how many times each output value occurs. */
  returnCounts?: boolean;
  /** Unique slices along this dim instead of unique elements of the flattened tensor. */
  dim?: number | null;
}

/** unique's keyword options. */
export interface UniqueOptions extends UniqueConsecutiveOptions {
  /** Accepted for PyTorch's signature; the output is sorted either way. */
  sorted?: boolean;
}

type NoExtras = { returnInverse?: false; returnCounts?: false };
type OneExtra = { returnInverse: true; returnCounts?: false } | { returnInverse?: false; returnCounts: true };
type BothExtras = { returnInverse: true; returnCounts: true };

/** Ascending with NaN last; 0 for ties (including -0 vs 0), so a stable sort keeps first occurrences first. */
function compareValues(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const na = Number.isNaN(a), nb = Number.isNaN(b);
  return na === nb ? 0 : na ? 1 : -1;
}

/** Lexicographic order of two rows of `width` elements (PyTorch's: elements compared with < and >). */
function compareRows(data: TypedArray, width: number, a: number, b: number): number {
  for (let k = 0; k < width; k++) {
    const l = data[a * width + k]!, r = data[b * width + k]!;
    if (l < r) return -1;
    if (l > r) return 1;
  }
  return 0;
}

function rowsEqual(data: TypedArray, width: number, a: number, b: number): boolean {
  for (let k = 0; k < width; k++) if (!(data[a * width + k] === data[b * width + k])) return false;
  return true;
}

/** Groups `order` (row indices) into runs of equal rows: the first row of each run, each row's run, each run's size. */
function groupRuns(data: TypedArray, width: number, order: readonly number[]): { firsts: number[]; inverse: Int32Array; counts: number[] } {
  const firsts: number[] = [], counts: number[] = [];
  const inverse = new Int32Array(order.length);
  order.forEach((row, i) => {
    if (i === 0 || !rowsEqual(data, width, order[i - 1]!, row)) {
      firsts.push(row);
      counts.push(0);
    }
    inverse[row] = firsts.length - 1;
    counts[counts.length - 1]!++;
  });
  return { firsts, inverse, counts };
}

/** Checks `dim` and the zero-size rule; returns the normalised dim. */
function checkDim(x: Tensor, dim: number): number {
  if (x.shape.length === 0) throw new RangeError('Dimension specified as 0 but tensor has no dimensions');
  const d = normDim(dim, x.shape.length);
  if (x.numel() === 0 && x.shape.some((s, i) => s === 0 && i !== d)) {
    throw new Error("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
  }
  return d;
}

function results(outs: Tensor[], opts: UniqueConsecutiveOptions, inverse: Tensor, counts: Tensor): Tensor | Tensor[] {
  if (opts.returnInverse) outs.push(inverse);
  if (opts.returnCounts) outs.push(counts);
  return outs.length === 1 ? outs[0]! : outs;
}

function uniqueImpl(x: Tensor, opts: UniqueConsecutiveOptions, consecutive: boolean): Tensor | Tensor[] {
  const dim = opts.dim ?? null;
  const device = x.storage.device;
  const counted = (c: number[]): Tensor => fromHost(Int32Array.from(c), [c.length], 'int32', device);
  if (dim === null) {
    const data = x.toTypedArray();
    const order = Array.from({ length: data.length }, (_, i) => i);
    if (!consecutive) order.sort((a, b) => compareValues(data[a]!, data[b]!) || a - b);
    const { firsts, inverse, counts } = groupRuns(data, 1, order);
    const out = data.slice(0, firsts.length);
    firsts.forEach((i, k) => { out[k] = data[i]!; });
    return results([fromHost(out, [firsts.length], x.dtype, device)], opts, fromHost(inverse, x.shape.slice(), 'int32', device), counted(counts));
  }
  const d = checkDim(x, dim);
  const n = x.shape[d]!;
  const rows = x.detach().movedim(d, 0).contiguous();
  const data = rows.toTypedArray();
  const width = n === 0 ? 0 : data.length / n;
  const order = Array.from({ length: n }, (_, i) => i);
  if (!consecutive) order.sort((a, b) => compareRows(data, width, a, b) || a - b);
  const { firsts, inverse, counts } = groupRuns(data, width, order);
  const picked = indexSelect(x.detach(), d, fromHost(Int32Array.from(firsts), [firsts.length], 'int32', device));
  return results([picked], opts, fromHost(inverse, [n], 'int32', device), counted(counts));
}

/**
 * The sorted unique elements of x (flattened), or its unique slices along `dim`; with
 * `returnInverse` / `returnCounts` also the inverse indices and the counts, as [output, inverse?, counts?].
 * @example unique(tensor([3, 1, 3])) // [1, 3]; unique(x, { returnCounts: true }) // [values, counts]
 */
export function unique(x: Tensor, opts?: UniqueOptions & NoExtras): Tensor;
export function unique(x: Tensor, opts: UniqueOptions & BothExtras): [Tensor, Tensor, Tensor];
export function unique(x: Tensor, opts: UniqueOptions & OneExtra): [Tensor, Tensor];
export function unique(x: Tensor, opts?: UniqueOptions): Tensor | Tensor[];
export function unique(x: Tensor, opts: UniqueOptions = {}): Tensor | Tensor[] {
  checkOptions('unique', opts, ['sorted', 'returnInverse', 'returnCounts', 'dim']);
  if (x.storage.device !== 'cpu') checkHostReadable('unique', 'unique(...)', x);
  return uniqueImpl(x, opts, false);
}

/**
 * Collapses each run of equal consecutive elements (or slices along `dim`) to one.
 * @example uniqueConsecutive(tensor([1, 1, 2, 1])) // [1, 2, 1]
 */
export function uniqueConsecutive(x: Tensor, opts?: UniqueConsecutiveOptions & NoExtras): Tensor;
export function uniqueConsecutive(x: Tensor, opts: UniqueConsecutiveOptions & BothExtras): [Tensor, Tensor, Tensor];
export function uniqueConsecutive(x: Tensor, opts: UniqueConsecutiveOptions & OneExtra): [Tensor, Tensor];
export function uniqueConsecutive(x: Tensor, opts?: UniqueConsecutiveOptions): Tensor | Tensor[];
export function uniqueConsecutive(x: Tensor, opts: UniqueConsecutiveOptions = {}): Tensor | Tensor[] {
  checkOptions('unique_consecutive', opts, ['returnInverse', 'returnCounts', 'dim']);
  if (x.storage.device !== 'cpu') checkHostReadable('unique_consecutive', 'uniqueConsecutive(...)', x);
  return uniqueImpl(x, opts, true);
}
