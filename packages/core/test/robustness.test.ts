/**
 * Issue 14 regressions: integers never wrap (item 2), fractional/NaN sizes and indices raise
 * (item 4), noGrad/setGradEnabled/generator misuse is caught (item 10), 100,000 dims print
 * (item 11). Messages are PyTorch 1.13's, checked with torch where PyTorch has one.
 */
import {
  Tensor, arange, enableGrad, eye, full, isGradEnabled, linspace, noGrad, ones, rand, randint, randn,
  randnLike, randperm, repeat, setGradEnabled, slice, tensor, zeros, Generator,
} from '@torchlet/core';

const INT32_OVERFLOW = 'value cannot be converted to type int32 without overflow';
const HINT = " (torchlet's default integer dtype is int32: pass {dtype: torch.int64} for integers up to 2^53)";

describe('item 2: integers never wrap', () => {
  it('tensor([3e9]) raises the overflow error with the int64 hint instead of giving -1294967296', () => {
    expect(() => tensor([3e9])).toThrow(INT32_OVERFLOW + HINT);
    expect(() => tensor([1e10])).toThrow(INT32_OVERFLOW + HINT);
    expect(() => tensor([[1, 2], [-3e9, 4]])).toThrow(INT32_OVERFLOW + HINT);
  });

  it('tensor([1e38, -1e38]) raises instead of giving [0, 0]; float64 holds it', () => {
    expect(() => tensor([1e38, -1e38])).toThrow(INT32_OVERFLOW + HINT);
    expect(tensor([1e38, -1e38], { dtype: 'float64' }).tolist()).toEqual([1e38, -1e38]);
    expect(tensor([3e9], { dtype: 'float64' }).tolist()).toEqual([3e9]);
  });

  it('an explicit int32 dtype raises PyTorch\'s exact message (torch.tensor([3e9], dtype=torch.int32))', () => {
    expect(() => tensor([3e9], { dtype: 'int32' })).toThrow(new Error(INT32_OVERFLOW));
    expect(() => tensor([NaN], { dtype: 'int32' })).toThrow(new Error(INT32_OVERFLOW));
    expect(() => tensor([Infinity], { dtype: 'int32' })).toThrow(new Error(INT32_OVERFLOW));
    expect(() => tensor(new Float64Array([3e9]), { dtype: 'int32' })).toThrow(new Error(INT32_OVERFLOW));
    expect(() => tensor(new Uint32Array([3e9]))).toThrow(INT32_OVERFLOW + HINT);
    // In range: truncated toward zero as PyTorch does; the int32 limits themselves fit.
    expect(tensor([2.7, -2.7, 2147483647, -2147483648], { dtype: 'int32' }).tolist()).toEqual([2, -2, 2147483647, -2147483648]);
    // float32 data is not checked by torch.tensor: 1e39 becomes inf.
    expect(tensor([1e39], { dtype: 'float32' }).tolist()).toEqual([Infinity]);
  });

  it('full([2], 3e9, {dtype: int32}) raises "int" as fill_ does; fill_ and setIndex too', () => {
    expect(() => full([2], 3e9, { dtype: 'int32' })).toThrow(new Error('value cannot be converted to type int without overflow'));
    expect(() => full([2], NaN, { dtype: 'int32' })).toThrow(new Error('value cannot be converted to type int without overflow'));
    expect(() => full([2], 1e39, { dtype: 'float32' })).toThrow(new Error('value cannot be converted to type float without overflow'));
    expect(() => full([2], 3e9)).toThrow('value cannot be converted to type int without overflow' + HINT);
    expect(full([2], 2.5, { dtype: 'int32' }).tolist()).toEqual([2, 2]);
    const x = zeros(3, { dtype: 'int32' });
    expect(() => x.fill_(3e9)).toThrow(new Error('value cannot be converted to type int without overflow'));
    expect(() => x.setIndex([0], 3e9)).toThrow(new Error('value cannot be converted to type int without overflow'));
    expect(() => zeros(3).fill_(1e39)).toThrow(new Error('value cannot be converted to type float without overflow'));
    expect(x.tolist()).toEqual([0, 0, 0]);
  });

  it('arange and linspace never wrap int32 values', () => {
    expect(() => arange(0, 1e10, 1e9)).toThrow('value cannot be converted to type int without overflow' + HINT);
    expect(arange(0, 3e9, 1e9).tolist()).toEqual([0, 1e9, 2e9]);
    expect(() => linspace(0, 3e9, 3, { dtype: 'int32' })).toThrow(new Error('value cannot be converted to type int without overflow'));
  });
});

describe('item 4: fractional or NaN sizes and indices raise', () => {
  const v = arange(4, { dtype: 'float32' });

  it('narrow and select take int start/length/index', () => {
    expect(() => v.narrow(0, 0.5, 2)).toThrow(new TypeError("narrow(): argument 'start' (position 2) must be int, not float"));
    expect(() => v.narrow(0, 0, 2.5)).toThrow(new TypeError("narrow(): argument 'length' (position 3) must be int, not float"));
    expect(() => v.narrow(0, NaN, 1)).toThrow(new TypeError("narrow(): argument 'start' (position 2) must be int, not float"));
    expect(() => v.select(0, 1.5)).toThrow(new TypeError("select(): argument 'index' (position 2) must be int, not float"));
    expect(() => tensor(1).narrow(0, 0, 1)).toThrow('narrow() cannot be applied to a 0-dim tensor.');
    expect(() => tensor(1).select(0, 0)).toThrow('select() cannot be applied to a 0-dim tensor.');
  });

  it('linspace steps and eye sizes must be ints (torch.linspace(0, 1, 2.5), torch.eye(2.5))', () => {
    expect(() => linspace(0, 1, 2.5)).toThrow(new TypeError("linspace(): argument 'steps' (position 3) must be int, not float"));
    expect(() => linspace(0, 1, NaN)).toThrow(new TypeError("linspace(): argument 'steps' (position 3) must be int, not float"));
    expect(() => eye(2.5)).toThrow(new TypeError("eye(): argument 'n' (position 1) must be int, not float"));
    expect(() => eye(2, 2.5)).toThrow(new TypeError("eye(): argument 'm' (position 2) must be int, not float"));
    expect(() => eye(-1)).toThrow('n must be greater or equal to 0, got -1');
    expect(() => eye(2, -1)).toThrow('m must be greater or equal to 0, got -1');
  });

  it('expand, repeat, view and reshape sizes must be ints', () => {
    expect(() => v.expand(2.5, 4)).toThrow(new TypeError("expand(): argument 'size' must be tuple of SymInts, but found element of type float at pos 1"));
    expect(() => v.expand(-2, 4)).toThrow('The expanded size of the tensor (-2)');
    expect(() => ones(1).expand(-2)).toThrow('The expanded size of the tensor (-2)');
    expect(() => v.repeat(1.5)).toThrow(new TypeError("repeat(): argument 'repeats' must be tuple of SymInts, but found element of type float at pos 1"));
    expect(() => repeat(v, [NaN])).toThrow(TypeError);
    expect(repeat(zeros(0), [-1]).shape).toEqual([0]);
    expect(Object.is(repeat(zeros(0), [-1]).shape[0], 0)).toBe(true);
    const x = arange(6).reshape(2, 3);
    expect(() => x.view(2.5, 2)).toThrow(new TypeError("view(): argument 'size' must be tuple of SymInts, but found element of type float at pos 1"));
    expect(() => x.reshape(3, 0.5, 4)).toThrow(new TypeError("reshape(): argument 'shape' must be tuple of SymInts, but found element of type float at pos 2"));
    expect(() => x.reshape(3, -2)).toThrow('invalid shape dimension -2');
    expect(() => x.permute(0.5, 1)).toThrow(new TypeError("permute(): argument 'dims' must be tuple of ints, but found element of type float at pos 1"));
  });

  it('creation sizes: fractions and NaN are TypeErrors, negatives PyTorch\'s RuntimeError', () => {
    expect(() => zeros(NaN)).toThrow(new TypeError("zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 1"));
    expect(() => zeros(2, 2.5)).toThrow(new TypeError("zeros(): argument 'size' must be tuple of SymInts, but found element of type float at pos 2"));
    expect(() => ones([2.5])).toThrow(new TypeError("ones(): argument 'size' must be tuple of SymInts, but found element of type float at pos 1"));
    expect(() => full([2.5], 1)).toThrow(new TypeError("full(): argument 'size' must be tuple of SymInts, but found element of type float at pos 1"));
    expect(() => randn(2.5)).toThrow(new TypeError("randn(): argument 'size' must be tuple of ints, but found element of type float at pos 1"));
    expect(() => zeros(1e300)).toThrow(TypeError);
    expect(() => zeros(2, -1)).toThrow(new Error('Trying to create tensor with negative dimension -1: [2, -1]'));
    expect(() => randperm(2.5)).toThrow(new TypeError("randperm(): argument 'n' (position 1) must be int, not float"));
    expect(() => randperm(-1)).toThrow('Trying to create tensor with negative dimension -1: [-1]');
    expect(() => randint(0, 10, [2.5])).toThrow(TypeError);
  });

  it('arange with NaN or infinite bounds raises "unsupported range" (was an empty tensor)', () => {
    expect(() => arange(0, NaN)).toThrow(new Error('unsupported range: 0 -> nan'));
    expect(() => arange(NaN)).toThrow(new Error('unsupported range: 0 -> nan'));
    expect(() => arange(0.5, NaN)).toThrow(new Error('unsupported range: 0.5 -> nan'));
    expect(() => arange(0, Infinity)).toThrow(new Error('unsupported range: 0 -> inf'));
    expect(() => arange(-Infinity, 0)).toThrow(new Error('unsupported range: -inf -> 0'));
    expect(() => arange(0, 10, NaN)).toThrow(new Error('step must be nonzero'));
    expect(() => arange(0, 1e20)).toThrow(new Error('invalid size, possible overflow?'));
    expect(arange(0, 10, Infinity).shape).toEqual([0]);
  });

  it('split, chunk, roll, tril and slices take ints', () => {
    const x = arange(6).reshape(2, 3);
    expect(() => x.index(slice(0.5, 2))).toThrow(new TypeError('slice indices must be integers or None or have an __index__ method'));
    expect(() => x.index(slice(0, 2, NaN))).toThrow(TypeError);
    expect(() => x.narrow(1, 0, 2).split(1.5)).toThrow(new TypeError("split(): argument 'split_size' (position 1) must be int, not float"));
    expect(() => x.split([1.5, 0.5])).toThrow(new TypeError("split_with_sizes(): argument 'split_sizes' must be tuple of ints, but found element of type float at pos 1"));
    expect(() => x.chunk(1.5)).toThrow(new TypeError("chunk(): argument 'chunks' (position 1) must be int, not float"));
    expect(() => x.roll(1.5, 0)).toThrow(new TypeError("roll(): argument 'shifts' must be tuple of ints, but found element of type float at pos 1"));
    expect(() => x.tril(0.5)).toThrow(new TypeError("tril(): argument 'diagonal' (position 1) must be int, not float"));
  });

  it('Tensor.fromData checks the buffer length and array type against shape and dtype', () => {
    expect(() => Tensor.fromData(new Float32Array(5), [2, 3], 'float32')).toThrow(new RangeError('Tensor.fromData: shape [2, 3] needs 6 elements, but the buffer holds 5'));
    expect(() => Tensor.fromData(new Float32Array(6), [2, 3], 'int32')).toThrow(new TypeError('Tensor.fromData: a int32 tensor needs a Int32Array, got Float32Array'));
    expect(() => Tensor.fromData(new Float32Array(1), [0.5, 2], 'float32')).toThrow(TypeError);
    expect(() => Tensor.fromData(new Float32Array(0), [-1], 'float32')).toThrow('Trying to create tensor with negative dimension');
    expect(Tensor.fromData(new Float32Array(6), [2, 3], 'float32').shape).toEqual([2, 3]);
  });
});

describe('item 10: grad-mode and generator misuse', () => {
  it('noGrad and enableGrad reject async functions before running them', () => {
    let ran = false;
    const asyncFn = async (): Promise<number> => { ran = true; await Promise.resolve(); return 1; };
    expect(() => noGrad(asyncFn)).toThrow(/noGrad\(\) takes a synchronous function.*setGradEnabled\(false\)/);
    expect(() => enableGrad(asyncFn)).toThrow(/enableGrad\(\) takes a synchronous function.*setGradEnabled\(true\)/);
    expect(ran).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });

  it('noGrad rejects a promise result and restores the mode', () => {
    const promising = (): Promise<void> => Promise.resolve();
    expect(() => noGrad(promising)).toThrow(/noGrad\(\) takes a synchronous function/);
    expect(isGradEnabled()).toBe(true);
    expect(noGrad(() => 3)).toBe(3);
  });

  it('setGradEnabled type-checks its argument like torch.set_grad_enabled', () => {
    expect(() => setGradEnabled('no' as unknown as boolean)).toThrow(new TypeError('enabled must be a bool (got str)'));
    expect(() => setGradEnabled(1 as unknown as boolean)).toThrow(new TypeError('enabled must be a bool (got int)'));
    expect(() => setGradEnabled(undefined as unknown as boolean)).toThrow(new TypeError('enabled must be a bool (got NoneType)'));
    expect(isGradEnabled()).toBe(true);
  });

  it('random functions reject a generator that is not a Generator, naming the option', () => {
    const bad = { generator: {} as unknown as Generator };
    expect(() => randn(2, bad)).toThrow(new TypeError('randn(): generator must be a torch.Generator, got a plain object'));
    expect(() => rand(2, bad)).toThrow(new TypeError('rand(): generator must be a torch.Generator, got a plain object'));
    expect(() => randint(0, 5, [2], bad)).toThrow(new TypeError('randint(): generator must be a torch.Generator, got a plain object'));
    expect(() => randperm(3, bad)).toThrow(new TypeError('randperm(): generator must be a torch.Generator, got a plain object'));
    expect(() => randnLike(zeros(2), bad)).toThrow('generator must be a torch.Generator');
    expect(() => zeros(2).uniform_(0, 1, bad)).toThrow(new TypeError('uniform_(): generator must be a torch.Generator, got a plain object'));
    expect(() => zeros(2).normal_(0, 1, { generator: 5 as unknown as Generator })).toThrow(new TypeError('normal_(): generator must be a torch.Generator, got a number'));
    expect(randn(2, { generator: new Generator(0) }).shape).toEqual([2]);
  });
});

describe('item 11: printing many dims', () => {
  it('a tensor with 100,000 dims prints without overflowing the stack', () => {
    const n = 100000;
    const t = ones(new Array<number>(n).fill(1));
    expect(String(t)).toBe('tensor(' + '['.repeat(n) + '1.' + ']'.repeat(n) + ')');
  });
});
