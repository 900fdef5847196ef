/**
 * WeightedRandomSampler against torch.utils.data 1.13 (tools/parity/trainer_sampler.py): the
 * indices of three epochs after manualSeed, with and without replacement and with its own
 * generator, inside a DataLoader, the global generator's state afterwards, and PyTorch's errors.
 * Also `dataset.length` and `loader.dataset.length` as typed (Python's len()).
 */
import { arange, Generator, manualSeed, rand, tensor, type Tensor } from '@torchlet/core';
import {
  ArrayDataset, ConcatDataset, DataLoader, Dataset, IterableDataset, Subset, TensorDataset, WeightedRandomSampler, randomSplit,
  type AnyDataset,
} from '@torchlet/trainer';
import * as torch from 'torchlet';
import fixture from './fixtures/trainer_sampler.json';

/** The next 3 uniforms of the global generator as float32 bit patterns (checks the draw count). */
function after(): number[] {
  return Array.from(new Int32Array(new Float32Array(rand(3).toTypedArray()).buffer));
}

const weightsOf = (name: string): number[] => (fixture.weights as Record<string, number[]>)[name]!;

describe('WeightedRandomSampler draws PyTorch\'s indices', () => {
  test.each(fixture.samplers.map((c) => [
    `seed ${c.seed}, ${c.weights}, numSamples ${c.numSamples}, replacement=${c.replacement}, generator=${c.generatorSeed}`, c,
  ] as const))('%s', (_name, c) => {
    manualSeed(c.seed);
    const generator = c.generatorSeed === null ? undefined : new Generator().manualSeed(c.generatorSeed);
    const sampler = new WeightedRandomSampler(weightsOf(c.weights), c.numSamples, { replacement: c.replacement, generator });
    expect(sampler.length).toBe(c.length);
    expect([0, 1, 2].map(() => [...sampler])).toEqual(c.epochs);
    expect(after()).toEqual(c.after);
  });

  test('positional replacement, and the weights as a float32 tensor are read as float64', () => {
    manualSeed(0);
    const positional = [...new WeightedRandomSampler(weightsOf('skewed'), 5, false)];
    expect(positional).toEqual(fixture.samplers.find((c) => c.seed === 0 && c.weights === 'skewed' && c.numSamples === 5 && !c.replacement)!.epochs[0]);

    manualSeed(3);
    const w32 = tensor(weightsOf('fractions'), { dtype: 'float32' });
    const s = new WeightedRandomSampler(w32, 20);
    expect(s.weights.dtype).toBe('float64');
    expect(Array.from(s.weights.toTypedArray())).toEqual(fixture.float32Weights.weights);
    expect([[...s], [...s]]).toEqual(fixture.float32Weights.epochs);
    expect(after()).toEqual(fixture.float32Weights.after);
  });
});

describe('WeightedRandomSampler in a DataLoader', () => {
  test.each(fixture.loaders.map((c) => [
    `seed ${c.seed}, ${c.weights}, numSamples ${c.numSamples}, replacement=${c.replacement}, batch ${c.batchSize}, generator=${c.generatorSeed}`, c,
  ] as const))('%s', (_name, c) => {
    manualSeed(c.seed);
    const generator = c.generatorSeed === null ? undefined : new Generator().manualSeed(c.generatorSeed);
    const n = weightsOf(c.weights).length;
    const sampler = new WeightedRandomSampler(weightsOf(c.weights), c.numSamples, c.replacement, { generator });
    const loader = new DataLoader(new TensorDataset(arange(n)), { batchSize: c.batchSize, dropLast: c.dropLast, sampler });
    expect(loader.length).toBe(c.length);
    expect(loader.dataset.length).toBe(c.datasetLength);
    expect([0, 1].map(() => [...loader].map(([b]) => b.tolist()))).toEqual(c.epochs);
    expect(after()).toEqual(c.after);
  });

  test('torch.utils.data.WeightedRandomSampler is the same class', () => {
    expect(torch.utils.data.WeightedRandomSampler).toBe(WeightedRandomSampler);
  });
});

describe('WeightedRandomSampler errors are PyTorch\'s', () => {
  const e = fixture.errors;
  test('constructor arguments', () => {
    expect(() => new WeightedRandomSampler([1, 2], 0)).toThrow(new RangeError(e.num_samples_zero.message));
    expect(() => new WeightedRandomSampler([1, 2], -3)).toThrow(new RangeError(e.num_samples_negative.message));
    expect(() => new WeightedRandomSampler([1, 2], 2.5)).toThrow(new RangeError(e.num_samples_float.message));
    const one: unknown = 1;
    expect(() => new WeightedRandomSampler([1, 2], 2, { replacement: one as boolean })).toThrow(new TypeError(e.replacement_not_bool.message));
    expect(() => new WeightedRandomSampler([[1, 2], [3, 4]], 2)).toThrow(new RangeError(e.weights_2d.message));
    expect(() => new WeightedRandomSampler(tensor(2), 2)).toThrow(new RangeError(e.weights_0d.message));
    const typo = { replacment: false } as Record<string, unknown>;
    expect(() => new WeightedRandomSampler([1, 2], 2, typo)).toThrow("WeightedRandomSampler() got an unexpected keyword argument 'replacment' (did you mean 'replacement'?)");
  });

  test('bad weights raise when iterated, as in PyTorch (the draw is lazy)', () => {
    const tooMany = new WeightedRandomSampler([1, 2, 3], 4, false);
    expect(() => [...tooMany]).toThrow(e.too_many_without_replacement.message);
    expect(() => [...new WeightedRandomSampler([1, -2, 3], 2)]).toThrow(e.negative_weight.message);
    expect(() => [...new WeightedRandomSampler([0, 0], 2)]).toThrow(e.zero_sum.message);
    expect(() => [...new WeightedRandomSampler([1, NaN], 1, false)]).toThrow(e.nan_weight_without_replacement.message);
  });
});

describe('dataset.length is len(dataset), typed on every dataset and on loader.dataset', () => {
  const x = arange(12).float().reshape(6, 2);
  const y = arange(6);

  test('each map-style dataset class', () => {
    const ds = new TensorDataset(x, y);
    const lengths: number[] = [
      ds.length, new Subset(ds, [4, 1, 2]).length, new ConcatDataset([ds, new Subset(ds, [0, 1])]).length,
      new ArrayDataset(['a']).length, randomSplit(ds, [2, 4], { generator: new Generator().manualSeed(0) })[1]!.length,
    ];
    expect(lengths).toEqual([6, 3, 8, 1, 4]);
  });

  test('loader.dataset keeps the dataset\'s own type', () => {
    const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4 });
    const same: TensorDataset<[Tensor, Tensor]> = loader.dataset;
    const n: number = loader.dataset.length;
    expect([n, same.tensors.length]).toEqual([6, 2]);
    const fromArray = new DataLoader([10, 20, 30]);
    expect(fromArray.dataset.length).toBe(3);
    expect(new DataLoader(new Subset(same, [0, 1])).dataset.length).toBe(2);
  });

  test('an annotated DataLoader<T> (a port\'s function parameter) has a typed dataset length', () => {
    // def test(model, test_loader): ... test_loss /= len(test_loader.dataset)
    function meanOver(loader: DataLoader<[Tensor, Tensor]>, total: number): number {
      return total / loader.dataset.length;
    }
    expect(meanOver(new DataLoader(new TensorDataset(x, y), { batchSize: 4 }), 3)).toBe(0.5);
  });

  test('streams: a length only where the stream defines one (Python\'s len() raises otherwise)', () => {
    class Counted extends IterableDataset<number> {
      readonly length = 4;
      *[Symbol.iterator](): Iterator<number> { for (let i = 0; i < 4; i++) yield i; }
    }
    class Endless extends IterableDataset<number> {
      *[Symbol.iterator](): Iterator<number> { yield 1; }
    }
    const counted = new DataLoader(new Counted(), { batchSize: 3 });
    expect([counted.dataset.length, counted.length]).toEqual([4, 2]);
    const endless = new DataLoader(new Endless());
    // @ts-expect-error Endless has no length, so len(loader.dataset) does not compile
    const missing: unknown = endless.dataset.length;
    expect(missing).toBeUndefined();
    expect(() => endless.length).toThrow("object of type 'Endless' has no len()");
    // Any kind of dataset: annotate the third type parameter.
    const anyKind: DataLoader<number, Tensor, AnyDataset<number>> = endless;
    expect(anyKind.dataset).toBeInstanceOf(IterableDataset);
    expect(new DataLoader(new ArrayDataset([1])).dataset).toBeInstanceOf(Dataset);
  });
});
