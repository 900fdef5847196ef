/**
 * DataLoader: batches of a dataset, in PyTorch's order for a given seed. In-memory datasets
 * iterate with `for...of`; datasets that load lazily (a Promise from `getItem`, or an async
 * stream) iterate with `for await...of`. There are no worker processes (num_workers=0).
 */
import { defaultGenerator, type Generator } from '@torchlet/core';
import { checkOptions, randomKernels } from '@torchlet/core/internal';
import { defaultCollate, type Collated } from './collate';
import { ArrayDataset, AsyncIterableDataset, Dataset, IterableDataset } from './dataset';
import { BatchSampler, RandomSampler, SequentialSampler } from './sampler';

/** DataLoader's options (PyTorch's keyword arguments, camelCased). */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** A new random order every epoch (map-style datasets only). */
  shuffle?: boolean;
  /** The order of indices (exclusive with `shuffle`). */
  sampler?: Iterable<number> & {
    /** Its length, when known. */
    readonly length?: number;
  };
  /** Batches of indices (exclusive with batchSize, shuffle, sampler and dropLast). */
  batchSampler?: Iterable<number[]> & {
    /** Its length, when known. */
    readonly length?: number;
  };
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /** Generator for shuffling and the per-epoch base seed; default the global generator. */
  generator?: Generator;
  /** Builds a batch from a list of samples; default {@link defaultCollate}. */
  collateFn?: (batch: T[]) => B;
  /** Accepted for ports; batches load in this thread (PyTorch's results do not depend on it). */
  numWorkers?: number;
  /** Accepted for ports; there is no pinned memory on the CPU device. */
  pinMemory?: boolean;
}

const LOADER_KEYS = ['batchSize', 'shuffle', 'sampler', 'batchSampler', 'numWorkers', 'collateFn', 'pinMemory', 'dropLast', 'generator'];

const pyName = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float')
  : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : v === null ? 'NoneType' : typeof v);

function isOptionsObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** PyTorch's `DataLoader(dataset, batch_size, shuffle, ...)`: the first two positionally, the rest by name. */
function loaderOptions<T, B>(a: unknown, b: unknown, c: unknown): DataLoaderOptions<T, B> {
  const args = c !== undefined ? [a, b, c] : b !== undefined ? [a, b] : a !== undefined ? [a] : [];
  const last = args[args.length - 1];
  const kw = isOptionsObject(last) ? (last as DataLoaderOptions<T, B>) : undefined;
  const pos = kw === undefined ? args : args.slice(0, -1);
  if (pos.length > 2) throw new TypeError(`DataLoader() takes at most 2 positional arguments (batchSize, shuffle) before the options, but ${pos.length} were given`);
  checkOptions('DataLoader', kw, LOADER_KEYS);
  const out: DataLoaderOptions<T, B> = { ...kw };
  const [batchSize, shuffle] = pos;
  if (batchSize !== undefined) {
    if (kw !== undefined && 'batchSize' in kw) throw new TypeError("DataLoader() got multiple values for argument 'batchSize'");
    out.batchSize = batchSize as number;
  }
  if (shuffle !== undefined) {
    if (kw !== undefined && 'shuffle' in kw) throw new TypeError("DataLoader() got multiple values for argument 'shuffle'");
    out.shuffle = shuffle as boolean;
  }
  for (const k of ['batchSize', 'numWorkers'] as const) {
    const v = out[k];
    if (v !== undefined && typeof v !== 'number') throw new TypeError(`DataLoader(): argument '${k}' must be int, not ${pyName(v)}`);
  }
  for (const k of ['shuffle', 'dropLast', 'pinMemory'] as const) {
    const v = out[k];
    if (v !== undefined && typeof v !== 'boolean') throw new TypeError(`DataLoader(): argument '${k}' must be bool, not ${pyName(v)}`);
  }
  return out;
}

/** What a DataLoader reads: map-style, or a sync or async stream. */
export type AnyDataset<T> = Dataset<T> | IterableDataset<T> | AsyncIterableDataset<T>;

function isStream<T>(ds: AnyDataset<T>): ds is IterableDataset<T> | AsyncIterableDataset<T> {
  return ds instanceof IterableDataset || ds instanceof AsyncIterableDataset;
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

const ASYNC_HINT = "iterate it with 'for await (const batch of loader)'";

/**
 * Iterates a dataset in batches, like `torch.utils.data.DataLoader` with `num_workers=0`:
 * the same samplers, the same random draws (shuffle order equals PyTorch's after the same
 * `manualSeed`), `dropLast`, custom samplers and collate functions.
 * @example
 * manualSeed(0);
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 2, shuffle: true });
 * for (const [xb, yb] of loader) { ... } // the batches of PyTorch's loader after torch.manual_seed(0)
 * loader.dataset.length // len(loader.dataset): `dataset` keeps the type it was given (D)
 */
export class DataLoader<T, B = Collated<T>, D extends AnyDataset<T> = Dataset<T>> implements Iterable<B>, AsyncIterable<B> {
  /**
   * The dataset as given (an array is wrapped in an ArrayDataset). Its type is the dataset's own
   * class when inferred, so `loader.dataset.length` compiles wherever the dataset has a length; an
   * annotated `DataLoader<T>` means a map-style dataset (`DataLoader<T, B, AnyDataset<T>>` for any).
   */
  readonly dataset: D;
  /** Samples per batch; null when a batchSampler was given. */
  readonly batchSize: number | null;
  /** Whether the last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The generator given, if any. */
  readonly generator: Generator | undefined;
  /** The order of indices (null for iterable-style datasets). */
  readonly sampler: (Iterable<number> & {
    /** Its length, when known. */
    readonly length?: number;
  }) | null;
  /** The batches of indices (null for iterable-style datasets). */
  readonly batchSampler: (Iterable<number[]> & {
    /** Its length, when known. */
    readonly length?: number;
  }) | null;
  private readonly collate: (batch: T[]) => unknown;
  private readonly customCollate: boolean;

  constructor(dataset: (D & AnyDataset<T>) | readonly T[], opts?: DataLoaderOptions<T, B>);
  constructor(dataset: (D & AnyDataset<T>) | readonly T[], batchSize: number | undefined, opts?: DataLoaderOptions<T, B>);
  constructor(dataset: (D & AnyDataset<T>) | readonly T[], batchSize: number | undefined, shuffle: boolean | undefined, opts?: DataLoaderOptions<T, B>);
  constructor(dataset: (D & AnyDataset<T>) | readonly T[], a?: unknown, b?: unknown, c?: unknown) {
    const opts = loaderOptions<T, B>(a, b, c);
    const ds: AnyDataset<T> = Array.isArray(dataset) ? new ArrayDataset<T>(dataset as readonly T[]) : dataset;
    const batchSize = opts.batchSize ?? 1;
    const shuffle = opts.shuffle ?? false;
    const dropLast = opts.dropLast ?? false;
    if (isStream(ds)) {
      if (shuffle) throw new Error('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true');
      if (opts.sampler) throw new Error('DataLoader with IterableDataset: expected unspecified sampler option, but got a sampler');
      if (opts.batchSampler) throw new Error('DataLoader with IterableDataset: expected unspecified batch_sampler option, but got a batch_sampler');
    } else if (!(ds instanceof Dataset)) {
      throw new TypeError('DataLoader expects a Dataset, an IterableDataset, an AsyncIterableDataset or an array');
    }
    if (opts.sampler && shuffle) throw new Error('sampler option is mutually exclusive with shuffle');
    if (opts.batchSampler && (opts.batchSize !== undefined && opts.batchSize !== 1 || shuffle || opts.sampler || dropLast)) {
      throw new Error('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
    }
    if (!opts.batchSampler && (!Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    // D is inferred from the dataset argument; for an array it is the default, Dataset<T>, which ArrayDataset is.
    this.dataset = ds as D;
    this.generator = opts.generator === undefined ? undefined : randomKernels.generatorOption(opts.generator, defaultGenerator, 'DataLoader');
    this.collate = opts.collateFn ?? defaultCollate;
    this.customCollate = opts.collateFn !== undefined;
    if (isStream(ds)) {
      this.sampler = null;
      this.batchSampler = null;
      this.batchSize = batchSize;
      this.dropLast = dropLast;
      return;
    }
    this.sampler = opts.sampler ?? (shuffle ? new RandomSampler(ds, { generator: opts.generator }) : new SequentialSampler(ds));
    if (opts.batchSampler) {
      this.batchSampler = opts.batchSampler;
      this.batchSize = null;
      this.dropLast = false;
    } else {
      this.batchSampler = new BatchSampler(this.sampler, batchSize, dropLast);
      this.batchSize = batchSize;
      this.dropLast = dropLast;
    }
  }

  /** The number of batches per epoch (`len(loader)`). */
  get length(): number {
    if (this.batchSampler) {
      const n = this.batchSampler.length;
      if (n === undefined) throw new TypeError('this batch_sampler has no length');
      return n;
    }
    const n: unknown = Reflect.get(this.dataset, 'length');
    if (typeof n !== 'number') throw new TypeError(`object of type '${this.dataset.constructor.name}' has no len()`);
    const b = this.batchSize ?? 1;
    return this.dropLast ? Math.floor(n / b) : Math.ceil(n / b);
  }

  /** PyTorch draws a base seed (for workers) each time an epoch's iterator is made. */
  private startEpoch(): Iterator<number[]> | null {
    const indices = this.batchSampler ? this.batchSampler[Symbol.iterator]() : null;
    randomKernels.iteratorBaseSeed(this.generator ?? defaultGenerator);
    return indices;
  }

  /** One epoch of batches. Throws if the dataset loads asynchronously (use `for await`). */
  [Symbol.iterator](): Iterator<B> {
    const indices = this.startEpoch();
    return indices ? this.mapBatches(indices) : this.streamBatches();
  }

  /** One epoch of batches, awaiting samples that load lazily. */
  [Symbol.asyncIterator](): AsyncIterator<B> {
    const indices = this.startEpoch();
    return indices ? this.mapBatchesAsync(indices) : this.streamBatchesAsync();
  }

  private *mapBatches(indices: Iterator<number[]>): IterableIterator<B> {
    const ds = this.dataset as Dataset<T>;
    for (let next = indices.next(); !next.done; next = indices.next()) {
      const batch = next.value;
      if (!this.customCollate && ds.getBatch) {
        const collated = ds.getBatch(batch);
        if (isPromiseLike(collated)) throw new Error(`this DataLoader's dataset loads asynchronously: ${ASYNC_HINT}`);
        yield collated as B;
        continue;
      }
      const items = batch.map((i) => {
        const item = ds.getItem(i);
        if (isPromiseLike(item)) throw new Error(`this DataLoader's dataset loads asynchronously: ${ASYNC_HINT}`);
        return item;
      });
      yield this.collate(items) as B;
    }
  }

  private async *mapBatchesAsync(indices: Iterator<number[]>): AsyncIterableIterator<B> {
    const ds = this.dataset as Dataset<T>;
    for (let next = indices.next(); !next.done; next = indices.next()) {
      const batch = next.value;
      if (!this.customCollate && ds.getBatch) {
        yield (await ds.getBatch(batch)) as B;
        continue;
      }
      // Samples of one batch load concurrently; the batch keeps the sampler's order.
      const items = await Promise.all(batch.map((i) => ds.getItem(i)));
      yield this.collate(items) as B;
    }
  }

  private *streamBatches(): IterableIterator<B> {
    const ds = this.dataset;
    if (!(ds instanceof IterableDataset)) throw new Error(`this DataLoader's dataset is asynchronous: ${ASYNC_HINT}`);
    const it = ds[Symbol.iterator]();
    const size = this.batchSize ?? 1;
    for (;;) {
      const items: T[] = [];
      let done = false;
      while (items.length < size) {
        const r = it.next();
        if (r.done) {
          done = true;
          break;
        }
        items.push(r.value);
      }
      if (items.length === 0 || (this.dropLast && items.length < size)) return;
      yield this.collate(items) as B;
      if (done) return;
    }
  }

  private async *streamBatchesAsync(): AsyncIterableIterator<B> {
    const ds = this.dataset;
    const asyncIt = ds instanceof AsyncIterableDataset ? ds[Symbol.asyncIterator]() : undefined;
    const syncIt = ds instanceof IterableDataset ? ds[Symbol.iterator]() : undefined;
    const size = this.batchSize ?? 1;
    for (;;) {
      const items: T[] = [];
      let done = false;
      while (items.length < size) {
        const r = asyncIt ? await asyncIt.next() : syncIt ? syncIt.next() : { done: true as const, value: undefined };
        if (r.done) {
          done = true;
          break;
        }
        items.push(r.value);
      }
      if (items.length === 0 || (this.dropLast && items.length < size)) return;
      yield this.collate(items) as B;
      if (done) return;
    }
  }
}
