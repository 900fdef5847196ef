/**
 * searchsorted and bucketize: binary search of values in sorted boundaries. Indices come back as
 * int32 (torchlet's integer dtype; PyTorch's int64, or int32 with outInt32). NaN compares as
 * PyTorch's search does (`!(b >= v)` moves right), so NaN boundaries and values land where its do.
 */
import { isIntegral, promoteTypes, type TypedArray } from '../dtype';
import { shapeEquals } from '../shape';
import type { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { fromHost, scalarOf } from './util';
import { checkHostOp } from './devices';

/** searchsorted's keyword options. */
export interface SearchsortedOptions {
  /** Indices are int32 either way in torchlet; accepted for PyTorch's signature. */
  outInt32?: boolean;
  /** The last index that keeps the order (upper bound) rather than the first (lower bound). */
  right?: boolean;
  /** 'left' or 'right': the same choice as `right`, by name. */
  side?: 'left' | 'right';
  /** Indices (int32) that sort each row of the boundaries, when they are not sorted themselves. */
  sorter?: Tensor;
}

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

function typeName(t: Tensor): string {
  return t.dtype === 'float32' ? 'Float' : t.dtype === 'float64' ? 'Double' : t.dtype === 'bool' ? 'Bool' : 'Long';
}

/** The first position in bd[start, end) (read through `sort` when given) that keeps the order. */
function bound(bd: TypedArray, start: number, end: number, v: number, upper: boolean, sort: TypedArray | null): number {
  const origin = start;
  while (start < end) {
    const mid = start + ((end - start) >> 1);
    const b = sort === null ? bd[mid]! : bd[sort[mid]! + origin]!;
    if (upper ? !(b > v) : !(b >= v)) start = mid + 1;
    else end = mid;
  }
  return start - origin;
}

/**
 * For each value, the index where it would be inserted into the sorted last dim of
 * `sortedSequence` (1-D, or matching the values' leading dims).
 * @example searchsorted(tensor([1, 3, 5]), tensor([3, 4]), { right: true }) // [2, 2]
 */
export function searchsorted(sortedSequence: Tensor, input: Tensor | number, opts: SearchsortedOptions = {}): Tensor {
  checkOptions('searchsorted', opts, ['outInt32', 'right', 'side', 'sorter']);
  const right = opts.right ?? false;
  const side = opts.side;
  if (side !== undefined) {
    if (side !== 'left' && side !== 'right') throw new Error(`torch.searchsorted(): side can only be 'left' or 'right' but got ${String(side)}`);
    if (right && side !== 'right') throw new Error(`torch.searchsorted(): side and right can't be set to opposites, got side of ${side} while right was True`);
  }
  const upper = right || side === 'right';
  const bd = sortedSequence;
  const sorter = opts.sorter;
  if (sorter !== undefined) {
    if (!shapeEquals(sorter.shape, bd.shape)) {
      throw new Error(`torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor ${fmt(bd.shape)}and got sorter tensor ${fmt(sorter.shape)}`);
    }
    if (sorter.dtype !== 'int32' && sorter.dtype !== 'int64') throw new TypeError(`torch.searchsorted(): sorter must be a tensor of long dtype but got dtype ${typeName(sorter)}`);
  }
  const values = typeof input === 'number' ? scalarOf(input, isIntegral(bd.dtype) && !Number.isInteger(input) ? 'float32' : bd.dtype, bd.storage.device) : input;
  if (values.shape.length === 0 && bd.shape.length !== 1) {
    throw new Error(`torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries tensor dim(${bd.shape.length}) and input value's dim(0) numel(1)`);
  }
  if (bd.shape.length === 0) throw new Error('torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension');
  const leadingMatch = bd.shape.length === values.shape.length && shapeEquals(bd.shape.slice(0, -1), values.shape.slice(0, -1));
  if (bd.shape.length !== 1 && !leadingMatch) {
    throw new Error(`torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor ${fmt(bd.shape)} and input value tensor ${fmt(values.shape)}`);
  }
  checkHostOp('searchsorted', "Run it on CPU copies: torch.searchsorted(await seq.toAsync('cpu'), await x.toAsync('cpu'))", bd, values, sorter);
  const common = promoteTypes(bd.dtype, values.dtype);
  const b = bd.to(common).toTypedArray(), v = values.to(common).toTypedArray();
  const sort = sorter === undefined ? null : sorter.toTypedArray();
  const len = bd.shape[bd.shape.length - 1]!;
  if (sort !== null && sort.some((i) => i < 0 || i >= len)) throw new RangeError('torch.searchsorted(): sorter index out of range');
  // Each row of values searches its own row of boundaries (one row when the boundaries are 1-D).
  const rowLen = bd.shape.length === 1 ? Math.max(v.length, 1) : values.shape[values.shape.length - 1]!;
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const start = bd.shape.length === 1 ? 0 : Math.floor(i / rowLen) * len;
    out[i] = bound(b, start, start + len, v[i]!, upper, sort);
  }
  return fromHost(out, values.shape.slice(), 'int32', bd.storage.device);
}

/** bucketize's keyword options. */
export interface BucketizeOptions {
  /** Indices are int32 either way in torchlet; accepted for PyTorch's signature. */
  outInt32?: boolean;
  /**
   * false (default): bucket i holds boundaries[i-1] < v <= boundaries[i];
   * true: boundaries[i-1] <= v < boundaries[i].
   */
  right?: boolean;
}

/**
 * The bucket of each value among 1-D `boundaries`: searchsorted with the arguments swapped.
 * @example bucketize(tensor([3, 6, 9]), tensor([1, 3, 5, 7, 9])) // [1, 3, 4]
 */
export function bucketize(input: Tensor | number, boundaries: Tensor, opts: BucketizeOptions = {}): Tensor {
  checkOptions('bucketize', opts, ['outInt32', 'right']);
  if (boundaries.shape.length !== 1) throw new Error(`boundaries tensor must be 1 dimension, but got dim(${boundaries.shape.length})`);
  return searchsorted(boundaries, input, { right: opts.right ?? false });
}
