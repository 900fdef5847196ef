/**
 * Enum-like string options of @torchlet/core outside the allowed set raise PyTorch's error (its
 * words, checked with torch 1.13) instead of quietly doing something: each option once, the
 * allowed values still working.
 */
import * as T from '@torchlet/core';
import type { DType, RoundingMode, ScatterReduceMode } from '@torchlet/core';

/** A string the types would reject, as a JS caller (or a cast) can still pass it. */
function bad<E>(s: string): E {
  return s as unknown as E;
}

const x = T.tensor([[1.5, -2, 0.25], [3, -0.5, 1]]);
const index = T.tensor([0, 1, 0], { dtype: 'int32' });

describe('enum-like options', () => {
  it('div roundingMode', () => {
    expect(() => T.div(x, 2, { roundingMode: bad<RoundingMode>('typo') })).toThrow("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'typo'");
    expect(T.div(x, 2, { roundingMode: 'floor' }).tolist()).toEqual([[0, -1, 0], [1, -1, 0]]);
  });
  it('gelu approximate', () => {
    expect(() => T.gelu(x, { approximate: bad<'none'>('typo') })).toThrow('approximate argument must be either none or tanh.');
    expect(() => x.gelu({ approximate: bad<'none'>('Tanh') })).toThrow('approximate argument must be either none or tanh.');
    expect(T.gelu(x, { approximate: 'none' }).tolist()).toEqual(T.gelu(x).tolist());
    expect(T.gelu(x, { approximate: 'tanh' }).tolist()).not.toEqual(T.gelu(x).tolist());
  });
  it('scatter reduce', () => {
    const src = T.ones([3]);
    expect(() => T.scatter(T.zeros([3]), 0, index, src, { reduce: bad<'add'>('sum') })).toThrow('reduce argument must be either add or multiply.');
    expect(T.scatter(T.zeros([3]), 0, index, src, { reduce: 'add' }).tolist()).toEqual([2, 1, 0]);
  });
  it('scatterReduce reduce', () => {
    const src = T.ones([3]);
    expect(() => T.scatterReduce(T.zeros([3]), 0, index, src, bad<ScatterReduceMode>('add'))).toThrow('reduce argument must be either sum, prod, mean, amax or amin.');
  });
  it('dtype strings outside the ten dtypes', () => {
    const msg = (s: string): string => `argument 'dtype' must be one of 'float32', 'float64', 'float16', 'bfloat16', 'uint8', 'int8', 'int16', 'int32', 'int64', 'bool', not '${s}'`;
    expect(() => T.zeros([2], { dtype: bad<DType>('uint64') })).toThrow(msg('uint64'));
    expect(() => T.tensor([1, 2], { dtype: bad<DType>('long') })).toThrow(msg('long'));
    expect(() => x.to(bad<DType>('uint16'))).toThrow(msg('uint16'));
    expect(() => T.arange(3, { dtype: bad<DType>('uint32') })).toThrow(msg('uint32'));
    expect(() => x.sum(undefined, { dtype: bad<DType>('double') })).toThrow(msg('double'));
    expect(() => T.setDefaultDtype('int32')).toThrow('only floating-point types are supported as the default type');
  });
});
