/**
 * torch.utils.data datasets: map-style (`Dataset`, indexed by `getItem`) and iterable-style
 * (`IterableDataset`, a stream), plus TensorDataset, Subset and ConcatDataset.
 */
import { indexSelect, tensor, type Tensor } from '@torchlet/core';

/**
 * A map-style dataset: `length` samples, sample `i` from `getItem(i)` (PyTorch's `__getitem__`
 * and `__len__`). `getItem` may return a Promise for data loaded lazily (files, network): a
 * DataLoader over such a dataset is iterated with `for await`.
 * @example
 * class Squares extends Dataset<[number, number]> {
 *   readonly length = 10;
 *   getItem(i: number): [number, number] { return [i, i * i]; }
 * }
 */
export abstract class Dataset<T> {
  /** The number of samples (PyTorch's `__len__`). */
  abstract readonly length: number;
  /** Sample `index` (PyTorch's `__getitem__`); may return a Promise for lazily loaded data. */
  abstract getItem(index: number): T | Promise<T>;

  /**
   * Optional fast path (PyTorch's `__getitems__` plus collation in one step): the already
   * collated batch of these indices. The DataLoader calls it instead of `getItem` and the
   * default collate when it has no custom `collateFn`; it must equal what they would give.
   */
  getBatch?(indices: readonly number[]): unknown;
}

/**
 * An iterable-style dataset: a stream of samples (in memory or generated). A `length` property,
 * when the subclass defines one, gives `DataLoader.length`.
 * @example
 * class Counter extends IterableDataset<number> {
 *   *[Symbol.iterator]() { for (let i = 0; i < 5; i++) yield i; }
 * }
 */
export abstract class IterableDataset<T> {
  /** The stream of samples (PyTorch's `__iter__`). */
  abstract [Symbol.iterator](): Iterator<T>;
}

/**
 * An iterable-style dataset that loads lazily (files, network): iterate its DataLoader with
 * `for await`.
 * @example
 * class Lines extends AsyncIterableDataset<string> {
 *   async *[Symbol.asyncIterator]() { for await (const line of readLines(path)) yield line; }
 * }
 */
export abstract class AsyncIterableDataset<T> {
  /** The stream of samples, loaded asynchronously. */
  abstract [Symbol.asyncIterator](): AsyncIterator<T>;
}

/** PyTorch's out-of-range message for `tensor[index]`. */
export function checkIndex(index: number, size: number): number {
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new RangeError(`index ${index} is out of bounds for dimension 0 with size ${size}`);
  }
  return index < 0 ? index + size : index;
}

/**
 * Samples are the i-th rows of each tensor (`new TensorDataset(x, y).getItem(i)` is
 * `[x[i], y[i]]`, views that share storage).
 * @example
 * const ds = new TensorDataset(randn(100, 2), randint(0, 3, [100]));
 * const [xi, yi] = ds.getItem(0);
 */
export class TensorDataset<T extends Tensor[]> extends Dataset<T> {
  /** The tensors, all of the same first dimension. */
  readonly tensors: T;

  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new Error('TensorDataset needs at least one tensor');
    const n = tensors[0]!.shape[0];
    for (const t of tensors) {
      if (t.shape.length === 0 || t.shape[0] !== n) throw new Error('Size mismatch between tensors');
    }
    this.tensors = tensors;
  }

  /** The tensors' first dimension. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Row `index` of each tensor (views); throws PyTorch's out-of-bounds error. */
  getItem(index: number): T {
    const i = checkIndex(index, this.length);
    return this.tensors.map((t) => t.select(0, i)) as T;
  }

  /** The batch as one index_select per tensor: the same values as stacking the rows, faster. */
  override getBatch(indices: readonly number[]): T {
    const n = this.length;
    const index = tensor(Int32Array.from(indices, (i) => checkIndex(i, n)));
    return this.tensors.map((t) => indexSelect(t, 0, index)) as T;
  }
}

/**
 * The samples of `dataset` at `indices`, in that order.
 * @example const firstTen = new Subset(ds, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 */
export class Subset<T> extends Dataset<T> {
  /** The indices into `dataset`, in order. */
  readonly indices: readonly number[];

  constructor(
    /** The dataset sampled from. */
    readonly dataset: Dataset<T>,
    indices: readonly number[],
  ) {
    super();
    this.indices = indices.slice();
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /** `dataset.getItem(indices[index])`. */
  getItem(index: number): T | Promise<T> {
    return this.dataset.getItem(this.indices[checkIndex(index, this.indices.length)]!);
  }
}

/**
 * Datasets one after the other.
 * @example const both = new ConcatDataset([trainA, trainB]); // both.length = trainA.length + trainB.length
 */
export class ConcatDataset<T> extends Dataset<T> {
  /** The datasets, in order. */
  readonly datasets: readonly Dataset<T>[];
  /** Running totals of the datasets' lengths (`cumulative_sizes`). */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: Iterable<Dataset<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new Error('datasets should not be an empty iterable');
    for (const d of this.datasets) {
      if (!(d instanceof Dataset)) throw new TypeError('ConcatDataset does not support IterableDataset');
    }
    const sizes: number[] = [];
    let total = 0;
    for (const d of this.datasets) sizes.push((total += d.length));
    this.cumulativeSizes = sizes;
  }

  /** The sum of the datasets' lengths. */
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  /** Sample `index` of the concatenation (negative indices count from the end). */
  getItem(index: number): T | Promise<T> {
    let idx = index;
    if (idx < 0) {
      if (-idx > this.length) throw new RangeError('absolute value of index should not exceed dataset length');
      idx += this.length;
    }
    // bisect_right: the first dataset whose cumulative size exceeds idx.
    let lo = 0;
    let hi = this.cumulativeSizes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idx < this.cumulativeSizes[mid]!) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.datasets.length) throw new RangeError(`index ${index} is out of bounds for dimension 0 with size ${this.length}`);
    const sampleIdx = lo === 0 ? idx : idx - this.cumulativeSizes[lo - 1]!;
    return this.datasets[lo]!.getItem(sampleIdx);
  }
}

/** A plain array as a map-style dataset (what the DataLoader does with an array). */
export class ArrayDataset<T> extends Dataset<T> {
  constructor(
    /** The samples. */
    readonly items: readonly T[],
  ) {
    super();
  }

  /** The array's length. */
  get length(): number {
    return this.items.length;
  }

  /** Element `index` (negative counts from the end); throws when out of bounds. */
  getItem(index: number): T {
    return this.items[checkIndex(index, this.items.length)]!;
  }
}
