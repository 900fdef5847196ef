/**
 * Order statistics: median and nanmedian (the lower median; with a dim also its index) and mode.
 * median picks by a stable sort, which is the (value, index) order PyTorch's selection uses, so
 * tied values report the same index. A NaN makes median NaN (its first NaN); nanmedian skips NaNs.
 */
import { isFloating } from '../dtype';
import { needsGrad, record } from '../autograd/record';
import { normDim } from '../shape';
import { Tensor } from '../tensor';
import { allocArray } from '../dtype';
import { alloc, fromHost } from './util';
import { where } from './binary';
import { valuesIndices, type KeepDim, type ValuesIndices } from './reduce';
import { sort } from './sort';
import { scatter } from './indexing';
import { stlSort } from './stl-sort';
import { invalidCombination, parseArgs, pick, type ArgSig, type Kw } from './reduce-args';
import { checkHostOp, onCpu } from './devices';

/** PyTorch's `(int dim, bool keepdim=False)` overloads (median and nanmedian also take none). */
const dimSig = (fn: string): ArgSig => ({ fn, names: ['dim', 'keepdim'], kinds: ['dim', 'bool'], keys: ['dim', 'keepdim'] });
const MEDIAN = dimSig('median'), NANMEDIAN = dimSig('nanmedian'), MODE = dimSig('mode');

const keepdimOf = (b: unknown, kw: Kw | undefined): boolean => pick(b, kw, 'keepdim') === true;

/** PyTorch's words: both medians dispatch as "median_cpu" over all elements, "median_out" along a dim. */
function checkNotBool(x: Tensor, kernel: 'median_cpu' | 'median_out'): void {
  if (x.dtype === 'bool') throw new TypeError(`"${kernel}" not implemented for 'Bool'`);
}

/**
 * medianAll's value on a device without sync reads: the position in the sorted elements (NaNs
 * last) is computed on the device from the NaN count and gathered there.
 */
function medianAllOnDevice(flat: Tensor, ignoreNan: boolean): Tensor {
  const n = flat.numel();
  const sorted = sort(flat, 0).values;
  if (!isFloating(flat.dtype)) return sorted.select(0, (n - 1) >> 1).clone();
  const valid = flat.isnan().logicalNot().sum(); // int32, 0-dim
  // nanmedian: (valid - 1) >> 1, at least 0; median: the first NaN when there is one, else the middle
  const pos = ignoreNan ? valid.sub(1).clamp(0).div(2, { roundingMode: 'floor' })
    : where(valid.lt(n), valid, (n - 1) >> 1);
  return sorted.gather(0, pos.reshape([1])).reshape([]);
}

/** Over all elements: the gradient is shared evenly among the elements equal to the result. */
function medianAll(x: Tensor, ignoreNan: boolean, fn: string, node: string): Tensor {
  checkNotBool(x, 'median_cpu');
  const flat = x.detach().reshape([-1]);
  const n = flat.numel();
  let out: Tensor;
  if (n === 0) {
    if (!isFloating(x.dtype)) throw new RangeError(`${fn}(): input tensor must be non-empty`);
    out = fromHost(allocArray(x.dtype, 1).fill(NaN), [], x.dtype);
  } else if (x.storage.device !== 'cpu') {
    out = medianAllOnDevice(flat, ignoreNan);
  } else {
    const valid = isFloating(x.dtype) ? Number(flat.isnan().logicalNot().sum().item()) : n;
    // A NaN sorts last, in input order: median returns the first one; nanmedian counts only the rest.
    const pos = ignoreNan ? Math.max(0, (valid - 1) >> 1) : valid < n ? valid : (n - 1) >> 1;
    out = sort(flat, 0).values.select(0, pos).clone();
  }
  if (needsGrad(x)) {
    record(out, node, [x], [x, out], null, (g, s) => {
      const xs = s[0]!, o = s[1]!;
      // (off the CPU the NaN test is a tensor op: equal, or both NaN)
      const hit = o.storage.device !== 'cpu' ? xs.eq(o).logicalOr(xs.isnan().logicalAnd(o.isnan()))
        : o.isnan().item() ? xs.isnan() : xs.eq(o);
      return [where(hit, g.div(hit.sum()), 0)];
    });
  }
  return out;
}

/** g scattered to the chosen index along d (zeros elsewhere): PyTorch's value_selecting_reduction_backward. */
function selectedBackward(g: Tensor, indices: Tensor, inShape: readonly number[], d: number, keepdim: boolean): Tensor {
  if (inShape.length === 0) return g;
  const gk = keepdim ? g : g.unsqueeze(d), ik = keepdim ? indices : indices.unsqueeze(d);
  return scatter(alloc(inShape.slice(), g.dtype, g.storage.device), d, ik, gk);
}

/** values/indices picked along d; the values' gradient goes to the picked index. */
function selected(x: Tensor, d: number, values: Tensor, indices: Tensor, keepdim: boolean, node: string): ValuesIndices {
  const scalar = x.shape.length === 0;
  const squeeze = (t: Tensor): Tensor => (scalar ? t.reshape([]) : keepdim ? t : t.squeeze(d));
  const v = squeeze(values).clone(), i = squeeze(indices).clone();
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(v, node, [x], [i], null, (g, s) => [selectedBackward(g, s[0]!, inShape, d, keepdim || scalar)]);
  }
  return valuesIndices(v, i);
}

function medianDim(x: Tensor, dim: number, keepdim: boolean, ignoreNan: boolean, fn: string, node: string): ValuesIndices {
  checkNotBool(x, 'median_out');
  const d = normDim(dim, x.shape.length);
  if (x.shape.length > 0 && x.shape[d] === 0) throw new RangeError(`${fn}(): Expected reduction dim ${d} to have non-zero size.`);
  const xs = x.shape.length === 0 ? x.detach().reshape([1]) : x.detach();
  const n = xs.shape[d]!;
  const sorted = sort(xs, d);
  let pos: Tensor;
  if (!isFloating(x.dtype)) {
    const shape = xs.shape.slice();
    shape[d] = 1;
    pos = alloc(shape, 'int32').add((n - 1) >> 1);
  } else {
    const valid = xs.isnan().logicalNot().sum(d, { keepdim: true });
    pos = ignoreNan
      ? valid.sub(1).clampMin(0).div(2, { roundingMode: 'floor' })
      : where(valid.lt(n), valid, (n - 1) >> 1);
  }
  return selected(x, d, sorted.values.gather(d, pos), sorted.indices.gather(d, pos), keepdim, node);
}

/** median/nanmedian's forms: all elements (no dim; keepdim alone is PyTorch's invalid combination), or along dim. */
function medianForms(sig: ArgSig, x: Tensor, a: unknown, b: unknown, c: unknown, ignoreNan: boolean): Tensor | ValuesIndices {
  const kw = parseArgs(sig, a, b, c);
  const dim = pick(a, kw, 'dim') as number | undefined;
  const node = ignoreNan ? 'NanmedianBackward' : 'MedianBackward';
  if (dim !== undefined) return medianDim(x, dim, keepdimOf(b, kw), ignoreNan, sig.fn, node + '1');
  if (kw?.keepdim !== undefined) throw invalidCombination(sig, [a, b, c], kw);
  return medianAll(x, ignoreNan, sig.fn, node + '0');
}

/**
 * torch.median: the lower median of all elements, or `[values, indices]` along dim
 * (`median(x, 1, true)`, `median(x, 1, {keepdim: true})`, `median(x, {dim: 1})`).
 * @example median(tensor([3, 1, 4, 2])) // 2
 */
export function median(x: Tensor): Tensor;
export function median(x: Tensor, dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
export function median(x: Tensor, opts: KeepDim & { dim: number }): ValuesIndices;
export function median(x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor | ValuesIndices {
  return medianForms(MEDIAN, x, a, b, c, false);
}

/**
 * torch.nanmedian: median ignoring NaNs (NaN only where every value is NaN); forms as median.
 * @example nanmedian(tensor([1, NaN, 3, 4])) // 3
 */
export function nanmedian(x: Tensor): Tensor;
export function nanmedian(x: Tensor, dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
export function nanmedian(x: Tensor, opts: KeepDim & { dim: number }): ValuesIndices;
export function nanmedian(x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor | ValuesIndices {
  return medianForms(NANMEDIAN, x, a, b, c, true);
}

/**
 * torch.mode: the most frequent value along dim (the smallest of equally frequent ones) and an
 * index where it occurs: the one PyTorch's std::sort leaves last in its run (the last
 * occurrence for lines up to 16 long).
 * Forms as median's with a dim (default -1).
 * @example mode(tensor([1, 2, 2, 1]), 0) // values 1, indices 3
 */
export function mode(x: Tensor, dim?: number, keepdim?: boolean | KeepDim): ValuesIndices;
export function mode(x: Tensor, opts: KeepDim & { dim?: number }): ValuesIndices;
export function mode(x: Tensor, a?: unknown, b?: unknown, c?: unknown): ValuesIndices {
  const kw = parseArgs(MODE, a, b, c);
  const dim = (pick(a, kw, 'dim') as number | undefined) ?? -1, keepdim = keepdimOf(b, kw);
  const d = normDim(dim, x.shape.length);
  if (x.shape.length > 0 && x.shape[d] === 0) throw new RangeError(`mode(): Expected reduction dim ${d} to have non-zero size.`);
  const lines = (x.shape.length === 0 ? x.detach().reshape([1]) : x.detach()).movedim(d, -1).contiguous();
  const n = lines.shape[lines.shape.length - 1]!;
  checkHostOp('mode', onCpu('mode(dim)'), x);
  const data = lines.toTypedArray();
  const count = n === 0 ? 0 : data.length / n;
  const values = allocArray(x.dtype, count), indices = new Int32Array(count);
  const order = new Int32Array(n);
  for (let line = 0; line < count; line++) {
    const keys = data.subarray(line * n, (line + 1) * n);
    for (let i = 0; i < n; i++) order[i] = i;
    stlSort(order, keys);
    // The first run longer than all before it wins (so the smallest value on a tie).
    let best = 0, run = 0;
    for (let i = 0; i < n; i++) {
      run++;
      if (i === n - 1 || keys[order[i]!] !== keys[order[i + 1]!]) {
        if (run > best) {
          values[line] = keys[order[i]!]!;
          indices[line] = order[i]!;
          best = run;
        }
        run = 0;
      }
    }
  }
  const keptShape = lines.shape.slice(0, -1);
  keptShape.splice(d, 0, 1);
  return selected(x, d, fromHost(values, keptShape, x.dtype), fromHost(indices, keptShape.slice(), 'int32'), keepdim, 'ModeBackward0');
}
