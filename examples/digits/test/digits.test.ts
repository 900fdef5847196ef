/**
 * The digits example's data and split: our CSV reader gives scikit-learn's load_digits(), and the
 * 70/10/20 split is PyTorch's random_split with Generator().manual_seed(42), index for index.
 */
import * as torch from 'torchlet';
import { loadDigits } from '../data';
import { cnn, mlp } from '../models';
import { splitDigits } from '../train';
import fixture from './fixtures/digits.json';

describe('digits data', () => {
  const data = loadDigits();

  it('equals scikit-learn load_digits()', () => {
    expect(data.images.shape).toEqual([fixture.n, 64]);
    expect(data.labels.shape).toEqual([fixture.n]);
    const counts = new Array<number>(10).fill(0);
    for (const v of data.labels.toTypedArray()) counts[v]!++;
    expect(counts).toEqual(fixture.classCounts);
    expect(data.images.sum().item()).toBe(fixture.pixelSum);
    const byClass = Array.from({ length: 10 }, (_, c) => data.images.mul(data.labels.eq(c).unsqueeze(1)).sum().item());
    expect(byClass).toEqual(fixture.pixelSumByClass);
    expect(data.images.select(0, 0).tolist()).toEqual(fixture.first);
    expect(data.images.select(0, -1).tolist()).toEqual(fixture.last);
  });

  it('is split like torch.utils.data.random_split with seed 42', () => {
    const parts = splitDigits(data);
    expect(parts.map((p) => p.length)).toEqual(fixture.splitLengths);
    expect(parts.map((p) => [...p.indices])).toEqual(fixture.splitIndices);
  });

  it('the models map 64 pixels to 10 scores', () => {
    torch.manualSeed(0);
    const x = data.images.narrow(0, 0, 4).div(16);
    expect(mlp()(x).shape).toEqual([4, 10]);
    expect(cnn()(x).shape).toEqual([4, 10]);
  });
});
