/**
 * DataLoader and random_split take PyTorch's argument forms (issue 11): `DataLoader(ds, 64, true)`
 * is batch_size, shuffle; unknown keys name the nearest known one (`batch_size` -> `batchSize`).
 */
import * as T from '@torchlet/core';
import { DataLoader, TensorDataset, randomSplit } from '@torchlet/trainer';

const ds = new TensorDataset(T.arange(10), T.arange(10).mul(2));
const batches = (l: Iterable<T.Tensor[]>): number[][] => [...l].map((b) => b[0]!.tolist() as number[]);

describe('DataLoader: batchSize and shuffle positionally', () => {
  it('positional equals the options object, shuffled draws included', () => {
    expect(batches(new DataLoader(ds, 4))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(batches(new DataLoader(ds, 4, { dropLast: true }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    T.manualSeed(3);
    const a = batches(new DataLoader(ds, 4, true));
    T.manualSeed(3);
    const b = batches(new DataLoader(ds, { batchSize: 4, shuffle: true }));
    expect(a).toEqual(b);
    expect(a.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    T.manualSeed(3);
    expect(batches(new DataLoader(ds, 4, true, { dropLast: true }))).toEqual(a.slice(0, 2));
    // Accepted for ports, no effect: batches load in this thread.
    expect(batches(new DataLoader(ds, { batchSize: 5, numWorkers: 2, pinMemory: true }))).toEqual([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
  });

  it("raises Python's TypeErrors", () => {
    const L = DataLoader as unknown as new (...a: unknown[]) => unknown;
    expect(() => new L(ds, { batch_size: 4 })).toThrow(new TypeError("DataLoader() got an unexpected keyword argument 'batch_size' (did you mean 'batchSize'?)"));
    expect(() => new L(ds, 4, { shufle: true })).toThrow("DataLoader() got an unexpected keyword argument 'shufle' (did you mean 'shuffle'?)");
    expect(() => new L(ds, 4, { batchSize: 8 })).toThrow("DataLoader() got multiple values for argument 'batchSize'");
    expect(() => new L(ds, 4, true, false)).toThrow('DataLoader() takes at most 2 positional arguments');
    expect(() => new L(ds, '4')).toThrow("DataLoader(): argument 'batchSize' must be int, not str");
    expect(() => new L(ds, 4, 1)).toThrow("DataLoader(): argument 'shuffle' must be bool, not int");
    expect(() => new L(ds, 2.5)).toThrow('batch_size should be a positive integer value, but got batch_size=2.5');
  });
});

describe('randomSplit', () => {
  it('fractions, the generator positionally or by name', () => {
    const g1 = new T.Generator().manualSeed(42), g2 = new T.Generator().manualSeed(42);
    const [a, b] = randomSplit(ds, [0.8, 0.2], g1);
    const [c, d] = randomSplit(ds, [0.8, 0.2], { generator: g2 });
    expect([a!.length, b!.length]).toEqual([8, 2]);
    expect(a!.indices).toEqual(c!.indices);
    expect(b!.indices).toEqual(d!.indices);
    const split = randomSplit as unknown as (...a: unknown[]) => unknown;
    expect(() => split(ds, [5, 5], { generater: g1 })).toThrow("random_split() got an unexpected keyword argument 'generater' (did you mean 'generator'?)");
  });
});
