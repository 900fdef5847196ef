/**
 * Samplers: the order in which a DataLoader reads a map-style dataset, drawing random numbers
 * exactly as torch.utils.data's samplers do (so a seeded run shuffles like PyTorch).
 */
import { defaultGenerator, Generator, randint, randperm } from '@torchlet/core';
import { randomKernels } from '@torchlet/core/internal';

/** Indices to read, one epoch per iteration (`Sampler[int]`). */
export interface Sampler extends Iterable<number> {
  /** Indices per epoch (`len(sampler)`). */
  readonly length: number;
}

/** Anything with a length: a dataset, an array. */
interface Sized {
  readonly length: number;
}

/**
 * 0, 1, ..., n-1.
 * @example [...new SequentialSampler([10, 20, 30])] // [0, 1, 2]
 */
export class SequentialSampler implements Sampler {
  constructor(
    /** The dataset (anything with a length) whose indices are produced. */
    readonly dataSource: Sized,
  ) {}

  /** The data source's length. */
  get length(): number {
    return this.dataSource.length;
  }

  /** One epoch: 0, 1, ..., length - 1. */
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
}

/** RandomSampler's options (PyTorch's keyword arguments, camelCased). */
export interface RandomSamplerOptions {
  /** Draw with replacement (`randint`) instead of permutations. */
  replacement?: boolean;
  /** Samples per epoch, default the dataset length. */
  numSamples?: number;
  /** Generator for the draws. Without one, each epoch seeds a fresh Generator from the default one. */
  generator?: Generator;
}

function* take(values: ArrayLike<number>, count: number): Iterable<number> {
  for (let i = 0; i < count; i++) yield values[i]!;
}

/**
 * A random order per epoch. Without a generator each epoch draws
 * `random64() & (2^63 - 1)` from the default generator to seed a new Generator, then
 * `randperm(n)` with it: PyTorch's `RandomSampler`, draw for draw.
 * @example
 * manualSeed(0);
 * [...new RandomSampler(range10)] // torch.manual_seed(0); list(RandomSampler(range(10)))
 */
export class RandomSampler implements Sampler {
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  /** The generator given, if any. */
  readonly generator: Generator | undefined;
  private readonly fixedNumSamples: number | undefined;

  constructor(
    /** The dataset (anything with a length) whose indices are drawn. */
    readonly dataSource: Sized,
    opts: RandomSamplerOptions = {},
  ) {
    this.replacement = opts.replacement ?? false;
    this.generator = opts.generator === undefined ? undefined : randomKernels.generatorOption(opts.generator, defaultGenerator, this.constructor.name);
    this.fixedNumSamples = opts.numSamples;
    const n = this.numSamples;
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${n}`);
    }
  }

  /** Indices per epoch: `numSamples` if given, else the data source's length. */
  get numSamples(): number {
    return this.fixedNumSamples ?? this.dataSource.length;
  }

  /** Indices per epoch (numSamples). */
  get length(): number {
    return this.numSamples;
  }

  /** One epoch of random indices, drawn as PyTorch draws them. */
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    // The body runs at the first next(), as PyTorch's generator function does.
    const gen = this.generator ?? new Generator(randomKernels.iteratorBaseSeed(defaultGenerator));
    const numSamples = this.numSamples;
    if (this.replacement) {
      // PyTorch draws in chunks of 32 (randint of shape [32]), then the remainder.
      for (let k = 0; k < Math.floor(numSamples / 32); k++) yield* take(randint(0, n, [32], { generator: gen }).toTypedArray(), 32);
      yield* take(randint(0, n, [numSamples % 32], { generator: gen }).toTypedArray(), numSamples % 32);
      return;
    }
    for (let k = 0; k < Math.floor(numSamples / n); k++) yield* take(permutation(n, gen), n);
    yield* take(permutation(n, gen), numSamples % n);
  }
}

function permutation(n: number, generator: Generator): ArrayLike<number> {
  return randperm(n, { generator }).toTypedArray();
}

/**
 * The given indices in a random order (`randperm(len(indices))`) per epoch.
 * @example new SubsetRandomSampler([4, 5, 6], { generator: new Generator().manualSeed(1) })
 */
export class SubsetRandomSampler implements Sampler {
  /** The indices to permute. */
  readonly indices: readonly number[];
  /** The generator given, if any (else the default one). */
  readonly generator: Generator | undefined;

  constructor(indices: readonly number[], opts: { generator?: Generator } = {}) {
    this.indices = indices.slice();
    this.generator = opts.generator === undefined ? undefined : randomKernels.generatorOption(opts.generator, defaultGenerator, this.constructor.name);
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /** One epoch: the indices in a fresh random order. */
  *[Symbol.iterator](): Iterator<number> {
    const perm = permutation(this.indices.length, this.generator ?? defaultGenerator);
    for (let k = 0; k < perm.length; k++) yield this.indices[perm[k]!]!;
  }
}

/**
 * Groups a sampler's indices into batches of `batchSize` (the last one shorter unless
 * `dropLast`).
 * @example [...new BatchSampler(new SequentialSampler(range10), 3, false)] // [[0,1,2],[3,4,5],[6,7,8],[9]]
 */
export class BatchSampler implements Iterable<number[]> {
  constructor(
    /** The sampler whose indices are grouped. */
    readonly sampler: Iterable<number> & Partial<Sized>,
    /** Indices per batch. */
    readonly batchSize: number,
    /** Drop the last batch when it is shorter than batchSize. */
    readonly dropLast: boolean,
  ) {
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    if (typeof dropLast !== 'boolean') {
      throw new TypeError(`drop_last should be a boolean value, but got drop_last=${String(dropLast)}`);
    }
  }

  /** Batches per epoch; throws when the sampler has no length. */
  get length(): number {
    const n = this.sampler.length;
    if (n === undefined) throw new TypeError('this sampler has no length');
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch of batches of indices. */
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
