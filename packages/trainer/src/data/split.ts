/** random_split: PyTorch's randperm-based split of a dataset into non-overlapping subsets. */
import { Generator, defaultGenerator, randperm } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { emitWarning } from '../node-host';
import { type Dataset, Subset } from './dataset';

/** Python's math.isclose with its default rel_tol=1e-9. */
function isClose(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Splits `dataset` into subsets of the given lengths (or fractions summing to 1, floored, the
 * remainder dealt round-robin), using `randperm(length, {generator})` exactly as
 * `torch.utils.data.random_split` does, so a seeded generator gives PyTorch's subsets.
 * @example
 * const [train, val] = randomSplit(ds, [0.8, 0.2], { generator: new Generator().manualSeed(42) });
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], generator: Generator | { generator?: Generator } = {}): Subset<T>[] {
  // random_split(dataset, lengths, generator): the generator positionally or as {generator}.
  const opts = generator instanceof Generator ? { generator } : generator;
  checkOptions('random_split', opts, ['generator']);
  const given: unknown = lengths; // Array.isArray on the typed parameter would widen it to any[]
  if (!Array.isArray(given)) throw new TypeError(`random_split(): argument 'lengths' must be a list of numbers, not ${typeof given}`);
  let sizes = lengths.slice();
  const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
  const total = sum(sizes);
  if (isClose(total, 1) && total <= 1) {
    sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(dataset.length * frac);
    });
    const remainder = dataset.length - sum(sizes);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
    sizes.forEach((s, i) => {
      if (s === 0) emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`random_split lengths must be non-negative integers or fractions, got ${s}`);
  }
  if (sum(sizes) !== dataset.length) {
    throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  }
  const perm = Array.from(randperm(sum(sizes), { generator: opts.generator ?? defaultGenerator }).toTypedArray());
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const s of sizes) {
    out.push(new Subset(dataset, perm.slice(offset, offset + s)));
    offset += s;
  }
  return out;
}
