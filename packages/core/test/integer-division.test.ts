/**
 * Integer division by zero raises PyTorch's "ZeroDivisionError" (its integer kernels do; true
 * division gives inf), before anything is written; an unknown rounding mode is PyTorch's error.
 */
import { tensor, zeros, type RoundingMode } from '@torchlet/core';

describe('integer division by zero', () => {
  const a = tensor([5, -3]);
  test.each([
    ['floorDivide', () => a.floorDivide(0)],
    ['div floor', () => a.div(0, { roundingMode: 'floor' })],
    ['div trunc', () => a.div(0, { roundingMode: 'trunc' })],
    ['fmod', () => a.fmod(0)],
    ['remainder', () => a.remainder(0)],
    ['a tensor divisor with a zero', () => a.remainder(tensor([1, 0]))],
    ['bool divisor', () => a.floorDivide(tensor([true, false]))],
  ])('%s raises', (_name, f) => {
    expect(f).toThrow(/^ZeroDivisionError$/);
  });

  test('in-place forms raise before writing', () => {
    const x = tensor([7, 9]);
    expect(() => x.fmod_(tensor([2, 0]))).toThrow('ZeroDivisionError');
    expect(() => x.remainder_(0)).toThrow('ZeroDivisionError');
    expect(x.tolist()).toEqual([7, 9]);
  });

  test('nonzero integer divisors and float division by zero are unchanged', () => {
    expect(a.floorDivide(2).tolist()).toEqual([2, -2]);
    expect(a.div(2, { roundingMode: 'trunc' }).tolist()).toEqual([2, -1]);
    expect(a.remainder(tensor([3, 2])).tolist()).toEqual([2, 1]);
    expect(a.div(0).tolist()).toEqual([Infinity, -Infinity]);
    expect(a.float().fmod(0).isnan().tolist()).toEqual([true, true]);
    expect(zeros(0, { dtype: 'int32' }).floorDivide(0).shape).toEqual([0]); // no element computed: no error, as PyTorch
  });

  test('an unknown rounding mode is an error, not a true division', () => {
    const typo: string = 'typo';
    expect(() => tensor([1.5]).div(2, { roundingMode: typo as RoundingMode })).toThrow("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'typo'");
  });
});
