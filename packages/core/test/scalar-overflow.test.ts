/**
 * Scalars that int32 (torchlet's stand-in for PyTorch's int64) cannot hold raise instead of
 * wrapping; fills raise as PyTorch's do; float arithmetic is unchanged.
 */
import { tensor, zeros } from '@torchlet/core';

const HINT = "value cannot be converted to type int without overflow (torchlet's default integer dtype is int32: pass {dtype: torch.int64} for integers up to 2^53)";

describe('integer scalars beyond int32', () => {
  const x = tensor([1, 2]);
  test.each([
    ['add', () => x.add(3e9)],
    ['mul', () => x.mul(2 ** 40)],
    ['sub with a scalar on the left', () => x.sub(-3e9)],
    ['add with alpha', () => x.add(x, { alpha: 3e9 })],
    ['clamp bound', () => x.clamp(-3e9, 0)],
    ['in place', () => x.clone().add_(3e9)],
  ])('%s raises instead of wrapping', (_name, f) => {
    expect(f).toThrow(HINT);
  });
  test('the in-place form leaves its tensor as it was', () => {
    const y = tensor([5, 6]);
    expect(() => y.mul_(2 ** 33)).toThrow(HINT);
    expect(y.tolist()).toEqual([5, 6]);
  });
  test('fills raise as PyTorch does', () => {
    expect(() => x.maskedFill(tensor([true, false]), 3e9)).toThrow('value cannot be converted to type int without overflow');
    expect(() => zeros(2).maskedFill(tensor([true, false]), 1e39)).toThrow('value cannot be converted to type float without overflow');
  });
  test('values in range, and float arithmetic, are unchanged', () => {
    expect(x.add(2147483645).tolist()).toEqual([2147483646, 2147483647]);
    expect(x.float().add(3e9).tolist()).toEqual([3000000000, 3000000000]);
    expect(zeros(1).add(1e39).tolist()).toEqual([Infinity]);
  });
});
