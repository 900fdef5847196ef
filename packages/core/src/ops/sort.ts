/**
 * Ordering: sort, argsort, msort, topk, kthvalue. One backend kernel (a stable sort that may
 * keep only the first k of each line); the values' gradient is scattered back by the indices.
 */
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { normDim } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';
import { valuesIndices, type ValuesIndices } from './reduce';
import { scatter } from './indexing';
import { bindOptions, boolArg, intArgOf, type PyArgs } from './bind-args';

/** sort's and argsort's keyword options. */
export interface SortOptions {
  /** The dimension to sort along (default the last). */
  dim?: number;
  /** Largest first (default false). */
  descending?: boolean;
  /** Accepted for PyTorch parity: this sort is always stable (ties keep their input order). */
  stable?: boolean;
}

/** topk's keyword options. */
export interface TopkOptions {
  /** The dimension to select along (default the last). */
  dim?: number;
  /** The k largest (default) or the k smallest. */
  largest?: boolean;
  /** Accepted for parity; results are always returned sorted. */
  sorted?: boolean;
}

/** Sorts along d keeping k per line; records `node` so values' gradient scatters back. */
function sortCore(x: Tensor, d: number, descending: boolean, k: number, node: string): ValuesIndices {
  const scalar = x.shape.length === 0;
  const shape = x.shape.slice();
  if (!scalar) shape[d] = k;
  const values = alloc(shape, x.dtype, x.storage.device);
  const indices = alloc(shape.slice(), 'int32', x.storage.device);
  // A 0-dim tensor sorts as one line of 1 (its outputs as one line of k).
  const lift = (t: Tensor, n: number): Tensor => (scalar ? new Tensor(t.storage, [n], [1], t.offset, t.dtype) : t);
  backendOf(x).sort(lift(x, 1), d, descending, k, lift(values, k), lift(indices, k));
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(values, node, [x], [indices], null, (g, s) => [scatter(alloc(inShape, g.dtype, g.storage.device), d, s[0]!, g)]);
  }
  return valuesIndices(values, indices);
}

/**
 * torch.sort: values sorted along dim (last by default) and the int32 positions they came from.
 * Stable; NaN sorts as the largest value.
 * @example const [values, indices] = sort(tensor([3, 1, 2])); // [1, 2, 3], [1, 2, 0]
 */
export function sort(x: Tensor, ...args: SortArgs): ValuesIndices {
  const [d, descending] = sortArgs('sort', x, args);
  const n = x.shape.length === 0 ? 1 : x.shape[d]!;
  return sortCore(x, d, descending, n, 'SortBackward0');
}

/**
 * sort's and argsort's trailing arguments: PyTorch's positional `(dim, descending)`, then an options
 * object (`stable` is keyword-only in torch.sort, so only there).
 */
export type SortArgs = PyArgs<[dim: number, descending: boolean], SortOptions>;

function sortArgs(fn: string, x: Tensor, args: SortArgs): [number, boolean] {
  const positional = args.filter((v) => typeof v !== 'object' || v === null);
  if (positional.length > 2) {
    throw new TypeError(`${fn}() received an invalid combination of arguments - got (${positional.map((v) => typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'int' : typeof v).join(', ')}): ` +
      'only dim and descending are positional (pass {stable: true})');
  }
  const o = bindOptions<SortOptions>(fn, ['dim', 'descending', 'stable'], args, 1);
  boolArg(fn, 'stable', o.stable, false);
  return [normDim(intArgOf(fn, 'dim', o.dim, -1), x.shape.length), boolArg(fn, 'descending', o.descending, false)];
}

/**
 * torch.argsort: the indices that sort x along dim.
 * @example argsort(tensor([3, 1, 2]), 0, { descending: true }) // [0, 2, 1]
 */
export function argsort(x: Tensor, ...args: SortArgs): Tensor {
  const [d, descending] = sortArgs('argsort', x, args);
  return sort(x.detach(), d, descending).indices;
}

/** torch.msort: sorted along dim 0 (values only). */
export function msort(x: Tensor): Tensor {
  return sort(x, 0)[0];
}

/**
 * torch.topk: the k largest (or smallest) entries along dim, sorted, with their indices.
 * @example topk(tensor([1, 5, 3]), 2).values // [5, 3]
 */
export function topk(x: Tensor, k: number, ...args: TopkArgs): ValuesIndices {
  const o = bindOptions<TopkOptions>('topk', ['dim', 'largest', 'sorted'], args, 2);
  const d = normDim(intArgOf('topk', 'dim', o.dim, -1), x.shape.length);
  const largest = boolArg('topk', 'largest', o.largest, true);
  boolArg('topk', 'sorted', o.sorted, true);
  const n = x.shape.length === 0 ? 1 : x.shape[d]!;
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError('selected index k out of range');
  // k + 0 turns -0 into 0: a size of -0 would print and compare as a negative zero.
  return sortCore(x, d, largest, k + 0, 'TopkBackward0');
}

/** topk's trailing arguments, PyTorch's positional `(dim, largest, sorted)` or an options object. */
export type TopkArgs = PyArgs<[dim: number, largest: boolean, sorted: boolean], TopkOptions>;

/**
 * torch.kthvalue: the k-th smallest entry (1-based) along dim and its index.
 * @example kthvalue(tensor([3, 1, 2]), 2).values // 2
 */
export function kthvalue(x: Tensor, k: number, dim = -1, opts: { keepdim?: boolean } = {}): ValuesIndices {
  const d = normDim(dim, x.shape.length);
  const n = x.shape.length === 0 ? 1 : x.shape[d]!;
  if (n === 0) throw new RangeError(`kthvalue(): Expected reduction dim ${d} to have non-zero size.`);
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new RangeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  }
  const r = sortCore(x, d, false, k, 'KthvalueBackward0');
  if (x.shape.length === 0) return r;
  const values = r.values.narrow(d, k - 1, 1), indices = r.indices.narrow(d, k - 1, 1);
  return opts.keepdim === true ? valuesIndices(values, indices) : valuesIndices(values.squeeze(d), indices.squeeze(d));
}
