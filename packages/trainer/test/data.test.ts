import { arange, Generator, manualSeed, rand, tensor, type Tensor } from '@torchlet/core';
import {
  BatchSampler, ConcatDataset, DataLoader, Dataset, IterableDataset, RandomSampler, randomSplit, SequentialSampler,
  Subset, SubsetRandomSampler, TensorDataset, defaultCollate, ArrayDataset, AsyncIterableDataset,
} from '@torchlet/trainer';
import * as torch from 'torchlet';
import fixture from './fixtures/data.json';

/** The next 3 uniforms of the global generator as float32 bit patterns (checks the draw count). */
function after(): number[] {
  return Array.from(new Int32Array(new Float32Array(rand(3).toTypedArray()).buffer));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('DataLoader order equals PyTorch', () => {
  for (const c of fixture.loaders) {
    const name = `seed ${c.seed}, n=${c.n}, batch ${c.batchSize}, shuffle=${c.shuffle}, dropLast=${c.dropLast}, generator=${c.generatorSeed}`;
    it(name, () => {
      manualSeed(c.seed);
      const generator = c.generatorSeed === null ? undefined : new Generator().manualSeed(c.generatorSeed);
      const loader = new DataLoader(range(c.n), { batchSize: c.batchSize, shuffle: c.shuffle, dropLast: c.dropLast, generator });
      expect(loader.length).toBe(c.length);
      const epochs = [0, 1, 2].map(() => [...loader].map((b) => b.tolist()));
      expect(epochs).toEqual(c.epochs);
      expect(after()).toEqual(c.after);
    });
  }

  it('TensorDataset batches (index_select fast path) equal PyTorch', () => {
    manualSeed(0);
    const x = arange(24).float().reshape(12, 2);
    const y = arange(12).remainder(3);
    const batches = [...new DataLoader(new TensorDataset(x, y), { batchSize: 5, shuffle: true })];
    expect(batches.map(([xb, yb]) => [xb.tolist(), yb.tolist()])).toEqual(fixture.tensorBatches);
    expect(batches[0]![0].dtype).toBe('float32');
    expect(after()).toEqual(fixture.tensorAfter);
  });

  it('the fast path equals getItem + defaultCollate', () => {
    const x = arange(24).float().reshape(6, 2, 2);
    const y = tensor([0, 1, 2, 0, 1, 2]);
    const ds = new TensorDataset(x, y);
    const viaCollate = defaultCollate([3, 0, 5].map((i) => ds.getItem(i)));
    const viaBatch = ds.getBatch([3, 0, 5]);
    expect(viaBatch[0].tolist()).toEqual(viaCollate[0].tolist());
    expect(viaBatch[1].tolist()).toEqual(viaCollate[1].tolist());
    expect(viaBatch[0].shape).toEqual([3, 2, 2]);
  });
});

describe('randomSplit equals torch.utils.data.random_split', () => {
  for (const c of fixture.splits) {
    it(`seed ${c.seed}, n=${c.n}, lengths [${c.lengths.join(', ')}], generator=${c.generatorSeed}`, () => {
      manualSeed(c.seed);
      const generator = c.generatorSeed === null ? undefined : new Generator().manualSeed(c.generatorSeed);
      const parts = randomSplit(new ArrayDataset(range(c.n)), c.lengths, { generator });
      expect(parts.map((p) => [...p.indices])).toEqual(c.indices);
      expect(after()).toEqual(c.after);
    });
  }

  it('rejects lengths that do not add up', () => {
    expect(() => randomSplit(new ArrayDataset(range(10)), [3, 5])).toThrow('Sum of input lengths does not equal the length of the input dataset!');
    expect(() => randomSplit(new ArrayDataset(range(10)), [1.2, -0.2])).toThrow('Fraction at index 0 is not between 0 and 1');
  });
});

describe('samplers equal PyTorch', () => {
  for (const c of fixture.samplers) {
    it(`${c.kind}, seed ${c.seed}`, () => {
      manualSeed(c.seed);
      let order: number[];
      if (c.kind === 'subset') order = [...new SubsetRandomSampler(c.indices!)];
      else order = [...new RandomSampler(range(c.n!), { replacement: c.kind === 'replacement', numSamples: c.numSamples })];
      expect(order).toEqual(c.order);
      expect(after()).toEqual(c.after);
    });
  }

  it('BatchSampler and SequentialSampler', () => {
    const seq = new SequentialSampler(range(10));
    expect([...new BatchSampler(seq, 3, false)]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect([...new BatchSampler(seq, 3, true)]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(new BatchSampler(seq, 3, false).length).toBe(4);
    expect(new BatchSampler(seq, 3, true).length).toBe(3);
  });
});

describe('DataLoader options and errors', () => {
  it('rejects bad options in PyTorch words', () => {
    const data = range(4);
    expect(() => new DataLoader(data, { batchSize: 0 })).toThrow('batch_size should be a positive integer value, but got batch_size=0');
    expect(() => new DataLoader(data, { sampler: new SequentialSampler(data), shuffle: true })).toThrow('sampler option is mutually exclusive with shuffle');
    expect(() => new DataLoader(data, { batchSampler: [[0, 1]], batchSize: 2 })).toThrow('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
    expect(() => new DataLoader([] as number[], { shuffle: true })).toThrow('num_samples should be a positive integer value, but got num_samples=0');
    class Stream extends IterableDataset<number> {
      *[Symbol.iterator](): Iterator<number> { yield 1; }
    }
    expect(() => new DataLoader(new Stream(), { shuffle: true })).toThrow('DataLoader with IterableDataset: expected unspecified shuffle option');
  });

  it('collates tuples, objects, numbers, booleans and strings', () => {
    const samples = [
      { x: tensor([1, 2]), label: 0, w: 0.5, ok: true, name: 'a', pair: [1, 2.5] as [number, number] },
      { x: tensor([3, 4]), label: 2, w: 1, ok: false, name: 'b', pair: [3, 4] as [number, number] },
    ];
    const [batch] = [...new DataLoader(samples, { batchSize: 2 })];
    expect(batch!.x.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(batch!.label.dtype).toBe('int32');
    expect(batch!.w.dtype).toBe('float64');
    expect(batch!.ok.tolist()).toEqual([true, false]);
    expect(batch!.name).toEqual(['a', 'b']);
    expect(batch!.pair[0].tolist()).toEqual([1, 3]);
    expect(batch!.pair[1].tolist()).toEqual([2.5, 4]);
    expect(() => defaultCollate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size');
    expect(() => defaultCollate([null])).toThrow('default_collate: batch must contain');
    expect(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow('stack expects each tensor to be equal size');
  });

  it('a custom collateFn and batchSampler', () => {
    const loader = new DataLoader(['a', 'b', 'c', 'd'], { batchSampler: [[3, 0], [1]], collateFn: (b) => b.join('') });
    expect([...loader]).toEqual(['da', 'b']);
    expect(loader.length).toBe(2);
  });

  it('an IterableDataset streams in batches', () => {
    class Counter extends IterableDataset<number> {
      readonly length = 7;
      *[Symbol.iterator](): Iterator<number> { for (let i = 0; i < 7; i++) yield i; }
    }
    expect([...new DataLoader(new Counter(), { batchSize: 3 })].map((b) => b.tolist())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect([...new DataLoader(new Counter(), { batchSize: 3, dropLast: true })].map((b) => b.tolist())).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(new DataLoader(new Counter(), { batchSize: 3 }).length).toBe(3);
  });
});

describe('lazy datasets iterate with for await', () => {
  class LazySquares extends Dataset<[Tensor, number]> {
    readonly length = 5;
    async getItem(i: number): Promise<[Tensor, number]> {
      await new Promise((resolve) => setImmediate(resolve));
      return [tensor([i, i * i]), i % 2];
    }
  }

  it('awaits samples, keeps the sampler order, and draws like the sync path', async () => {
    manualSeed(3);
    const syncOrder = [...new DataLoader(range(5), { batchSize: 2, shuffle: true })].map((b) => b.tolist());
    const syncAfter = after();
    manualSeed(3);
    const batches: number[][] = [];
    for await (const [xb] of new DataLoader(new LazySquares(), { batchSize: 2, shuffle: true })) {
      batches.push((xb.tolist() as number[][]).map((row) => row[0]!));
    }
    expect(batches).toEqual(syncOrder);
    expect(after()).toEqual(syncAfter);
  });

  it('plain for...of over a lazy dataset says to use for await', () => {
    expect(() => [...new DataLoader(new LazySquares(), { batchSize: 2 })]).toThrow("iterate it with 'for await");
  });

  it('async streams', async () => {
    class Lines extends AsyncIterableDataset<string> {
      async *[Symbol.asyncIterator](): AsyncIterator<string> {
        for (const s of ['a', 'b', 'c']) {
          await Promise.resolve();
          yield s;
        }
      }
    }
    const out: string[][] = [];
    for await (const b of new DataLoader(new Lines(), { batchSize: 2 })) out.push(b);
    expect(out).toEqual([['a', 'b'], ['c']]);
  });
});

describe('the umbrella', () => {
  it('exposes the data module as torch.utils.data and torch.trainer', () => {
    expect(torch.utils.data.DataLoader).toBe(DataLoader);
    expect(torch.trainer.TensorDataset).toBe(TensorDataset);
  });
});

describe('datasets', () => {
  it('TensorDataset, Subset and ConcatDataset index like PyTorch', () => {
    const ds = new TensorDataset(arange(10), arange(10).mul(2));
    expect(ds.length).toBe(10);
    expect(ds.getItem(-1).map((t) => t.item())).toEqual([9, 18]);
    expect(() => ds.getItem(10)).toThrow('index 10 is out of bounds for dimension 0 with size 10');
    expect(() => new TensorDataset(arange(3), arange(4))).toThrow('Size mismatch between tensors');
    const sub = new Subset(ds, [7, 2]);
    expect((sub.getItem(1) as Tensor[])[0]!.item()).toBe(2);
    const cat = new ConcatDataset([new ArrayDataset([0, 1, 2]), new ArrayDataset([10, 11])]);
    expect(cat.length).toBe(5);
    expect([0, 1, 2, 3, 4, -1, -5].map((i) => cat.getItem(i))).toEqual([0, 1, 2, 10, 11, 11, 0]);
    expect(() => cat.getItem(-6)).toThrow('absolute value of index should not exceed dataset length');
    expect(() => new ConcatDataset([])).toThrow('datasets should not be an empty iterable');
  });
});
