/**
 * The native pool follows the process's one thread count (issue 14, item 7): core's
 * setNumThreads sizes it, counts above the core count are clamped (the addon once clamped 1000
 * to 256 and wrapped 2^31 to 1), and bad counts raise PyTorch's errors. Long products on native
 * stay exact (item 3: dot of ones(2e7) is 2e7 on every backend).
 */
import { availableParallelism, cpus } from 'node:os';
import { getNumThreads as coreThreads, manualSeed, ones, rand, setBackend, setNumThreads as setCoreThreads } from '@torchlet/core';
import { getNumThreads, isNativeAvailable, setNumThreads } from '@torchlet/native';
import { nativeAddon } from '../src/addon';

const cores = availableParallelism();
const describeNative = isNativeAvailable() ? describe : describe.skip;

describeNative('native thread count', () => {
  afterAll(() => {
    setCoreThreads(1);
    setBackend('auto');
  });

  test('core\'s setNumThreads sizes the native pool', () => {
    setCoreThreads(1);
    expect(getNumThreads()).toBe(1);
    setCoreThreads(1000);
    expect(getNumThreads()).toBe(cores);
    setCoreThreads(1);
    expect(getNumThreads()).toBe(1);
  });

  test('native setNumThreads sets the one count, clamped to the cores', () => {
    for (const n of [1000, 2 ** 31]) {
      setNumThreads(n);
      expect([getNumThreads(), coreThreads()]).toEqual([cores, cores]);
    }
    setNumThreads(1);
    expect([getNumThreads(), coreThreads()]).toEqual([1, 1]);
  });

  test('PyTorch\'s errors, before anything changes', () => {
    setNumThreads(1);
    expect(() => setNumThreads(0)).toThrow('set_num_threads expects a positive integer');
    expect(() => setNumThreads(2.5)).toThrow(TypeError);
    expect(() => setNumThreads(2.5)).toThrow('set_num_threads expects an int, but got float');
    expect([getNumThreads(), coreThreads()]).toEqual([1, 1]);
  });

  test('the addon itself rejects bad counts instead of wrapping or clamping them silently', () => {
    const addon = nativeAddon()!;
    for (const n of [0, -1, 1.5, NaN]) expect(() => addon.setNumThreads(n)).toThrow('set_num_threads expects a positive integer');
    addon.setNumThreads(2 ** 31); // bounded by the cores the addon sees (hardware_concurrency)
    expect(addon.getNumThreads()).toBe(Math.max(1, cpus().length));
    setCoreThreads(1);
  });
});

describeNative('native long products', () => {
  beforeAll(() => setBackend('native'));
  afterAll(() => setBackend('auto'));

  test('dot and mv of ones(2e7) are exactly 2e7', () => {
    const o = ones(2e7);
    expect(o.dot(o).item()).toBe(2e7);
    expect(o.reshape([1, 2e7]).mv(o).tolist()).toEqual([2e7]);
  });

  test('a random long dot is within 1e-5 of the float64 dot', () => {
    manualSeed(14);
    const a = rand(3_000_001), b = rand(3_000_001);
    const x = a.toTypedArray(), y = b.toTypedArray();
    let want = 0;
    for (let i = 0; i < x.length; i++) want += x[i]! * y[i]!;
    expect(Math.abs(a.dot(b).item() - want)).toBeLessThanOrEqual(1e-5 * want);
  });
});
