/**
 * One validated thread count for the process (issue 14, item 7): setNumThreads checks its argument
 * as torch.set_num_threads does, clamps it to the core count (the wasm pool once took 1000 and
 * started 999 workers), and drives every pool registered with onNumThreads (the native one).
 */
import { availableParallelism } from 'node:os';
import { getNumThreads, rand, setBackend, setNumThreads } from '@torchlet/core';
import { onNumThreads } from '@torchlet/core/backend';
import { readyWorkers } from '../src/backend/wasm/index';

const cores = availableParallelism();

afterAll(() => {
  setBackend('auto');
  setNumThreads(1);
});

test('counts above the core count are clamped to it', () => {
  for (const n of [1000, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
    setNumThreads(n);
    expect(getNumThreads()).toBe(cores);
  }
  setNumThreads(1);
  expect(getNumThreads()).toBe(1);
});

/** What fn throws (or null), so a test can check the error's class as well as its words. */
function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
}

test('PyTorch\'s errors for a count below 1 or not an int, and the count is left as it was', () => {
  setNumThreads(1);
  for (const n of [0, -3]) expect(thrown(() => setNumThreads(n))).toEqual(new Error('set_num_threads expects a positive integer'));
  for (const n of [1.5, NaN, Infinity, -Infinity]) {
    const e = thrown(() => setNumThreads(n));
    expect(e).toBeInstanceOf(TypeError);
    expect(e).toEqual(new TypeError('set_num_threads expects an int, but got float'));
  }
  const e = thrown(() => { Reflect.apply(setNumThreads, undefined, ['2']); });
  expect(e).toBeInstanceOf(TypeError);
  expect(e).toEqual(new TypeError('set_num_threads expects an int, but got string'));
  expect(getNumThreads()).toBe(1);
});

test('the wasm pool starts at most cores - 1 workers whatever the count asked for', async () => {
  setBackend('wasm');
  setNumThreads(1000);
  expect(getNumThreads()).toBe(cores);
  const a = rand(128, 128);
  a.mm(a); // starts the pool
  for (let i = 0; i < 100 && readyWorkers() < cores - 1; i++) await new Promise((r) => setTimeout(r, 50));
  expect(readyWorkers()).toBe(cores - 1);
  setNumThreads(1);
  expect(readyWorkers()).toBe(0);
});

test('a pool registered with onNumThreads follows the one count (checked and clamped first)', () => {
  setNumThreads(1);
  const seen: number[] = [];
  const off = onNumThreads((n) => seen.push(n));
  expect(seen).toEqual([1]); // the current count, at registration
  setNumThreads(1000);
  expect(() => setNumThreads(0)).toThrow('set_num_threads expects a positive integer');
  setNumThreads(1);
  off();
  setNumThreads(cores);
  expect(seen).toEqual([1, cores, 1]);
});
