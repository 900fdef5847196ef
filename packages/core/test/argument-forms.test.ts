/**
 * PyTorch's argument forms (issue 11): positional values where PyTorch takes them, an options object
 * for the keyword arguments, the keyword form alone, and PyTorch's TypeErrors (first lines checked
 * against torch 1.13 with /usr/bin/python3) for unknown keys and wrong types.
 */
import * as T from '@torchlet/core';
import type { Tensor } from '@torchlet/core';

const x = T.tensor([[1, 5, 3], [4, 2, 6]], { dtype: 'float32' });
const same = (a: Tensor, b: Tensor): void => {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  expect(a.tolist()).toEqual(b.tolist());
};
/** The error's first line (PyTorch's lists its overloads after it). */
const firstLine = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? '';
  }
  throw new Error('no error raised');
};

describe('reductions: positional keepdim, options object, keyword form', () => {
  it('sum / mean / prod / all / any / amax / amin', () => {
    same(x.sum(1, true), x.sum(1, { keepdim: true }));
    expect(x.sum(1, true).tolist()).toEqual([[9], [12]]);
    same(x.sum({ dim: 1, keepdim: true }), x.sum(1, { keepdim: true }));
    same(x.sum({ dim: 0 }), x.sum(0));
    same(x.sum({ dtype: 'float64' }), x.sum(null, { dtype: 'float64' }));
    same(x.sum([0, 1], true, { dtype: 'float64' }), x.sum([0, 1], { keepdim: true, dtype: 'float64' }));
    same(T.sum(x, 1, true), x.sum(1, { keepdim: true }));
    same(x.mean(0, true), x.mean({ dim: 0, keepdim: true }));
    expect(x.mean(0, true).tolist()).toEqual([[2.5, 3.5, 4.5]]);
    same(x.prod(1, true), x.prod({ dim: 1, keepdim: true }));
    expect(x.prod(1, true).tolist()).toEqual([[15], [48]]);
    same(x.gt(2).all(1, true), x.gt(2).all({ dim: 1, keepdim: true }));
    same(x.gt(5).any(0, true), x.gt(5).any(0, { keepdim: true }));
    same(x.amax(1, true), x.amax({ dim: 1, keepdim: true }));
    same(x.amin([0, 1], true), x.amin([0, 1], { keepdim: true }));
  });

  it('max / min / argmax / argmin with a dim, and max(other)', () => {
    const [v, i] = x.max(1, true);
    expect(v.tolist()).toEqual([[5], [6]]);
    expect(i.tolist()).toEqual([[1], [2]]);
    same(x.max({ dim: 1, keepdim: true }).values, v);
    same(x.min(0, true).indices, x.min({ dim: 0, keepdim: true }).indices);
    same(x.argmax(1, true), x.argmax({ dim: 1, keepdim: true }));
    expect(x.argmin(1, true).tolist()).toEqual([[0], [1]]);
    same(x.max(x.flip([1])), x.maximum(x.flip([1])));
    same(T.max(x, 1, true).values, v);
  });

  it('std / var: PyTorch 1.13 (dim, unbiased, keepdim) and correction', () => {
    same(x.std(1, false, true), x.std(1, { unbiased: false, keepdim: true }));
    same(x.std(1, false, true), x.std({ dim: 1, correction: 0, keepdim: true }));
    same(x.var(false), x.var({ correction: 0 }));
    expect((x.var(1, false).tolist() as number[])[0]).toBeCloseTo(8 / 3, 5);
    same(T.var(x, 0, true, true), x.var(0, { keepdim: true }));
    const [v, m] = T.varMean(x, 1, false, true);
    same(v, x.var(1, false, true));
    same(m, x.mean(1, true));
  });

  it('logsumexp / norm / cumsum / softmax', () => {
    same(x.logsumexp(1, true), x.logsumexp(1, { keepdim: true }));
    same(x.logsumexp({ dim: 1 }), x.logsumexp(1));
    same(x.norm(1, 1, true), x.norm(1, 1, { keepdim: true }));
    same(x.norm({ p: 1, dim: 1, keepdim: true }), x.norm(1, 1, true));
    expect(x.norm(1, 1, true).tolist()).toEqual([[9], [12]]);
    same(x.norm(2, 0, false, { dtype: 'float64' }), x.norm(2, 0, { dtype: 'float64' }));
    same(x.cumsum({ dim: 1 }), x.cumsum(1));
    same(T.cumsum(x, 1, { dtype: 'float64' }), T.cumsum(x, { dim: 1, dtype: 'float64' }));
    same(x.softmax(1, 'float64'), x.softmax(1, { dtype: 'float64' }));
    same(x.softmax({ dim: 0 }), x.softmax(0));
    same(x.logSoftmax(1, null), x.logSoftmax(1));
  });

  it('gradients flow the same through every form', () => {
    const w = T.tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    w.sum(1, true).mul(T.tensor([[1], [2]], { dtype: 'float64' })).sum().backward();
    expect(w.grad?.tolist()).toEqual([[1, 1], [2, 2]]);
  });
});

describe('reductions: unknown keywords and wrong types raise PyTorch TypeErrors', () => {
  const j = x as unknown as Record<string, (...a: unknown[]) => unknown>;
  it('names the nearest known keyword', () => {
    expect(() => j.sum!.call(x, 1, { keepdims: true })).toThrow(new TypeError("sum() got an unexpected keyword argument 'keepdims' (did you mean 'keepdim'?)"));
    expect(() => j.mean!.call(x, { dims: 1 })).toThrow("mean() got an unexpected keyword argument 'dims' (did you mean 'dim'?)");
    expect(() => j.std!.call(x, 1, { unbiassed: false })).toThrow("std() got an unexpected keyword argument 'unbiassed' (did you mean 'unbiased'?)");
    expect(() => j.softmax!.call(x, 1, { dtyp: 'float64' })).toThrow("softmax() got an unexpected keyword argument 'dtyp' (did you mean 'dtype'?)");
    expect(() => j.norm!.call(x, 2, { keep_dim: true })).toThrow("norm() got an unexpected keyword argument 'keep_dim' (did you mean 'keepdim'?)");
  });

  it('wrong types: first lines as torch 1.13 prints them', () => {
    expect(firstLine(() => j.sum!.call(x, 1.5))).toBe('sum() received an invalid combination of arguments - got (float), but expected one of:');
    expect(firstLine(() => j.sum!.call(x, 1, 1))).toBe('sum() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(firstLine(() => j.sum!.call(x, 1, true, 3))).toBe('sum() received an invalid combination of arguments - got (int, bool, int), but expected one of:');
    expect(firstLine(() => j.sum!.call(x, 1, { dim: 1 }))).toBe('sum() received an invalid combination of arguments - got (int, dim=int), but expected one of:');
    expect(firstLine(() => j.sum!.call(x, 1, { keepdim: 1 }))).toBe('sum() received an invalid combination of arguments - got (int, keepdim=int), but expected one of:');
    expect(firstLine(() => j.std!.call(x, 1, 1))).toBe('std() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(firstLine(() => j.max!.call(x, 1, 1))).toBe('max() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(firstLine(() => j.logsumexp!.call(x, 1, 1))).toBe('logsumexp() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(firstLine(() => j.cumsum!.call(x, 1.5))).toBe('cumsum() received an invalid combination of arguments - got (float), but expected one of:');
    expect(firstLine(() => j.cumsum!.call(x))).toBe('cumsum() received an invalid combination of arguments - got (), but expected one of:');
    expect(firstLine(() => j.softmax!.call(x))).toBe('softmax() received an invalid combination of arguments - got (), but expected one of:');
    expect(firstLine(() => j.softmax!.call(x, 1.5))).toBe('softmax() received an invalid combination of arguments - got (float), but expected one of:');
    expect(() => j.argmax!.call(x, 1.5)).toThrow(new TypeError("argmax(): argument 'dim' (position 1) must be int, not float"));
    expect(() => j.argmax!.call(x, 1, 1)).toThrow(new TypeError("argmax(): argument 'keepdim' (position 2) must be bool, not int"));
    expect(() => j.amax!.call(x, 1.5)).toThrow(new TypeError("amax(): argument 'dim' (position 1) must be tuple of ints, not float"));
    expect(() => j.amax!.call(x, 1, 1)).toThrow(new TypeError("amax(): argument 'keepdim' (position 2) must be bool, not int"));
  });
});

describe('creation functions: unknown keywords, non-integer sizes, NaN bounds', () => {
  const j = T as unknown as Record<string, (...a: unknown[]) => unknown>;
  it('an unknown keyword names the nearest known one', () => {
    expect(() => j.zeros!(2, { dtyp: 'float32' })).toThrow(new TypeError("zeros() got an unexpected keyword argument 'dtyp' (did you mean 'dtype'?)"));
    expect(() => j.ones!([2], { requires_grad: true })).toThrow("ones() got an unexpected keyword argument 'requires_grad' (did you mean 'requiresGrad'?)");
    expect(() => j.rand!(2, { generater: new T.Generator() })).toThrow("rand() got an unexpected keyword argument 'generater' (did you mean 'generator'?)");
    expect(() => j.tensor!([1], { dtyp: 'float32' })).toThrow("tensor() got an unexpected keyword argument 'dtyp' (did you mean 'dtype'?)");
    expect(() => j.full!([2], 1, { dtyp: 'float32' })).toThrow("full() got an unexpected keyword argument 'dtyp'");
    expect(() => j.arange!(0, 5, 1, { dtyp: 'float32' })).toThrow("arange() got an unexpected keyword argument 'dtyp'");
    expect(() => j.linspace!(0, 1, 5, { devise: 'cpu' })).toThrow("linspace() got an unexpected keyword argument 'devise' (did you mean 'device'?)");
    expect(() => j.eye!(2, { dtyp: 'float32' })).toThrow("eye() got an unexpected keyword argument 'dtyp'");
    expect(() => j.randint!(0, 5, [2], { dtyp: 'int32' })).toThrow("randint() got an unexpected keyword argument 'dtyp'");
    expect(() => j.zerosLike!(x, { dtyp: 'float32' })).toThrow("zeros_like() got an unexpected keyword argument 'dtyp'");
    // Known keys still work.
    expect(T.zeros(2, { dtype: 'float64', requiresGrad: true }).requiresGrad).toBe(true);
  });

  it("non-integer sizes and NaN bounds: torch 1.13's messages", () => {
    const m = T.ones([2, 3]) as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(() => m.narrow!(0, 0.5, 2)).toThrow(TypeError);
    expect(() => j.linspace!(0, 1, 2.5)).toThrow(new TypeError("linspace(): argument 'steps' (position 3) must be int, not float"));
    expect(() => j.eye!(2.5)).toThrow(new TypeError("eye(): argument 'n' (position 1) must be int, not float"));
    expect(() => m.repeat!(1.5)).toThrow(TypeError);
    expect(() => m.view!(2.5)).toThrow(TypeError);
    expect(() => T.rand([2]).uniform_(NaN, 1)).toThrow('from is out of bounds for float');
  });
});

describe('statistics: nansum / nanmean / median / nanmedian / mode / quantile argument forms', () => {
  const xn = T.tensor([[1, NaN, 3], [4, 2, 6]], { dtype: 'float32' });
  const j = x as unknown as Record<string, (...a: unknown[]) => unknown>;
  const pair = (a: T.ValuesIndices, b: T.ValuesIndices): void => {
    same(a.values, b.values);
    same(a.indices, b.indices);
  };

  it('nansum / nanmean: (dim, keepdim, {dtype}) positionally, in the options object, or keyword only', () => {
    // Values from torch 1.13: xn.nansum(1, True), xn.nanmean(1, True), xn.nansum(None, True, dtype=torch.float64).
    expect(xn.nansum(1, true).tolist()).toEqual([[4], [12]]);
    same(xn.nansum(1, true), xn.nansum(1, { keepdim: true }));
    same(xn.nansum({ dim: 1, keepdim: true }), xn.nansum(1, true));
    same(T.nansum(xn, 1, true), xn.nansum(1, { keepdim: true }));
    const d = xn.nansum(null, true, { dtype: 'float64' });
    expect(d.dtype).toBe('float64');
    expect(d.tolist()).toEqual([[16]]);
    same(xn.nansum({ keepdim: true, dtype: 'float64' }), d);
    expect(xn.nanmean(1, true).tolist()).toEqual([[2], [4]]);
    same(xn.nanmean({ dim: 1, keepdim: true }), xn.nanmean(1, true));
    same(T.nanmean(xn, 1, { keepdim: true }), xn.nanmean(1, true));
  });

  it('median / nanmedian / mode: (dim, keepdim) positionally or by keyword', () => {
    // torch 1.13: x.median(1, True) = ([[3], [4]], [[2], [0]]); xn.nanmedian(0, True) = ([[1, 2, 3]], [[0, 1, 0]]);
    // x.mode(1, True) = ([[1], [2]], [[0], [1]]).
    const m = x.median(1, true);
    expect(m.values.tolist()).toEqual([[3], [4]]);
    expect(m.indices.tolist()).toEqual([[2], [0]]);
    pair(x.median({ dim: 1, keepdim: true }), m);
    pair(x.median(1, { keepdim: true }), m);
    pair(T.median(x, 1, true), m);
    same(x.median(), T.median(x));
    const nm = xn.nanmedian(0, true);
    expect(nm.values.tolist()).toEqual([[1, 2, 3]]);
    expect(nm.indices.tolist()).toEqual([[0, 1, 0]]);
    pair(xn.nanmedian({ dim: 0, keepdim: true }), nm);
    const md = x.mode(1, true);
    expect(md.values.tolist()).toEqual([[1], [2]]);
    expect(md.indices.tolist()).toEqual([[0], [1]]);
    pair(x.mode({ keepdim: true }), md); // dim defaults to -1
    pair(T.mode(x, -1, { keepdim: true }), md);
  });

  it('quantile / nanquantile: (q, dim, keepdim, {interpolation})', () => {
    // torch 1.13: x.quantile(0.25, 1, True, interpolation='lower') = [[1], [2]]; linear [[2], [3]];
    // x.quantile(0.25, None, True) = [[2.25]]; xn.nanquantile(0.25, 0) = [1.75, 2, 3.75].
    const lower = x.quantile(0.25, 1, true, { interpolation: 'lower' });
    expect(lower.tolist()).toEqual([[1], [2]]);
    same(x.quantile(0.25, { dim: 1, keepdim: true, interpolation: 'lower' }), lower);
    same(T.quantile(x, 0.25, 1, { keepdim: true, interpolation: 'lower' }), lower);
    expect(x.quantile(0.25, 1, true).tolist()).toEqual([[2], [3]]);
    expect(x.quantile(0.25, null, true).tolist()).toEqual([[2.25]]);
    same(x.quantile(0.25, { keepdim: true }), x.quantile(0.25, null, true));
    expect(xn.nanquantile(0.25, 0).tolist()).toEqual([1.75, 2, 3.75]);
    same(xn.nanquantile(0.25, { dim: 0 }), xn.nanquantile(0.25, 0));
  });

  it('unknown keywords name the nearest one; wrong types are torch 1.13 TypeErrors', () => {
    expect(() => j.nansum!.call(x, { dims: 1 })).toThrow(new TypeError("nansum() got an unexpected keyword argument 'dims' (did you mean 'dim'?)"));
    expect(() => j.nanmean!.call(x, 1, { keepdims: true })).toThrow(new TypeError("nanmean() got an unexpected keyword argument 'keepdims' (did you mean 'keepdim'?)"));
    expect(() => j.median!.call(x, 1, { keepdims: true })).toThrow(new TypeError("median() got an unexpected keyword argument 'keepdims' (did you mean 'keepdim'?)"));
    expect(() => j.nanmedian!.call(x, { dimm: 1 })).toThrow(new TypeError("nanmedian() got an unexpected keyword argument 'dimm' (did you mean 'dim'?)"));
    expect(() => j.mode!.call(x, { keepdims: true })).toThrow(new TypeError("mode() got an unexpected keyword argument 'keepdims' (did you mean 'keepdim'?)"));
    expect(() => j.quantile!.call(x, 0.5, 1, { interpolaton: 'lower' })).toThrow(new TypeError("quantile() got an unexpected keyword argument 'interpolaton' (did you mean 'interpolation'?)"));
    expect(() => j.nanquantile!.call(x, 0.5, { keep_dim: true })).toThrow(new TypeError("nanquantile() got an unexpected keyword argument 'keep_dim' (did you mean 'keepdim'?)"));
    expect(() => j.nansum!.call(x, 1.5)).toThrow(new TypeError("nansum(): argument 'dim' (position 1) must be tuple of ints, not float"));
    expect(() => j.nanmean!.call(x, 1, 1)).toThrow(new TypeError("nanmean(): argument 'keepdim' (position 2) must be bool, not int"));
    expect(firstLine(() => j.median!.call(x, 1, 1))).toBe('median() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(firstLine(() => j.median!.call(x, { keepdim: true }))).toBe('median() received an invalid combination of arguments - got (keepdim=bool), but expected one of:');
    expect(firstLine(() => j.mode!.call(x, 1.5))).toBe('mode() received an invalid combination of arguments - got (float), but expected one of:');
    expect(firstLine(() => j.quantile!.call(x, 0.5, 1, 1))).toBe('quantile() received an invalid combination of arguments - got (float, int, int), but expected one of:');
    expect(firstLine(() => j.quantile!.call(x, 0.5, 1.5))).toBe('quantile() received an invalid combination of arguments - got (float, float), but expected one of:');
  });
});
