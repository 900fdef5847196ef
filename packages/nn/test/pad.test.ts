/**
 * F.pad in every mode (negative padding crops in each), the padding modules, and
 * F.pixelShuffle / F.pixelUnshuffle against PyTorch (fixtures from tools/parity/nn_pad.py).
 */
import { Tensor, randn, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_pad.json';
import { expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface PadCase {
  name: string; node: string; mode: nn.functional.PadMode; value: number | null; pad: number[];
  input: TensorJson; output: TensorJson; gout: TensorJson; inputGrad: TensorJson;
}
interface PadError { shape: number[]; pad: number[]; kwargs: { mode?: string; value?: number }; type: string; message: string }
interface ShuffleCase { node: string; fn: 'pixel_shuffle' | 'pixel_unshuffle'; factor: number; input: TensorJson; output: TensorJson; gout: TensorJson; inputGrad: TensorJson }
interface ShuffleError { fn: 'pixel_shuffle' | 'pixel_unshuffle'; shape: number[]; factor: number; message: string }

const { pad: padCases, errors, reprs, shuffle, shuffleErrors } = fixture as unknown as {
  pad: PadCase[]; errors: PadError[]; reprs: Record<string, string>; shuffle: ShuffleCase[]; shuffleErrors: ShuffleError[];
};

/** The same values with transposed strides (last two dims), when there are two dims to swap. */
function strided(x: Tensor): Tensor {
  const n = x.shape.length;
  if (n < 2) return x;
  return x.transpose(n - 2, n - 1).contiguous().transpose(n - 2, n - 1);
}

/** An error's class name and message, to compare with PyTorch's. */
function thrown(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    return [err.name, err.message];
  }
  return ['none', 'no error'];
}

const PY_TYPE: Record<string, string> = { RuntimeError: 'Error', NotImplementedError: 'NotImplementedError', TypeError: 'TypeError' };

describe('F.pad against PyTorch', () => {
  it.each(padCases.map((c) => [c.name, c] as const))('%s: forward, backward and node (contiguous and strided)', (_, c) => {
    for (const make of [(t: Tensor) => t, strided]) {
      const x = make(fromJson(c.input)).requiresGrad_();
      const y = F.pad(x, c.pad, c.mode, c.value);
      expectClose(y, c.output, 0, 0);
      expect(y.gradFn?.name).toBe(c.node);
      y.backward(fromJson(c.gout));
      expectClose(x.grad!, c.inputGrad, 1e-6, 0);
    }
  });

  it('takes mode and value as an options object too', () => {
    const c = padCases.find((k) => k.mode === 'reflect')!;
    expectClose(F.pad(fromJson(c.input), c.pad, { mode: 'reflect' }), c.output, 0, 0);
    const k = padCases.find((q) => q.mode === 'constant' && q.value !== null)!;
    expectClose(F.pad(fromJson(k.input), k.pad, { value: k.value }), k.output, 0, 0);
    expect(() => F.pad(zeros(2, 3), [1, 1], { mdoe: 'reflect' } as nn.functional.PadOptions))
      .toThrow("pad() got an unexpected keyword argument 'mdoe' (did you mean 'mode'?)");
  });

  it.each(errors.map((e) => [`${JSON.stringify(e.kwargs)} ${e.shape.join('x')} ${e.pad.join(',')}`, e] as const))('raises PyTorch\'s error: %s', (_, e) => {
    const x = zeros(...e.shape);
    const mode = (e.kwargs.mode ?? 'constant') as nn.functional.PadMode;
    expect(thrown(() => F.pad(x, e.pad, mode, e.kwargs.value))).toEqual([PY_TYPE[e.type], e.message]);
    expect(thrown(() => F.pad(x, e.pad, { ...e.kwargs, mode }))).toEqual([PY_TYPE[e.type], e.message]);
  });

  it('a mode typo raises instead of padding (regression: it used to reflect)', () => {
    expect(() => F.pad(randn(1, 2, 5), [1, 1], { mode: 'typo' as nn.functional.PadMode })).toThrow('Unrecognised padding mode typo');
    expect(() => F.pad(randn(1, 2, 5), [1, 1], 'zeros' as nn.functional.PadMode)).toThrow('Unrecognised padding mode zeros');
  });

  it('constant cropping past the input is PyTorch 2.x\'s error; fractional padding is a TypeError', () => {
    expect(() => F.pad(zeros(1, 2, 5), [-3, -3])).toThrow(
      'The input size 5, plus negative padding -3 and -3 resulted in a negative output size, which is invalid. Check dimension 2 of your input.');
    expect(() => F.pad(zeros(1, 2, 5), [1.5, 1])).toThrow("pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type float at pos 0");
  });

  it('float64 gradcheck and gradgradcheck in every mode, with cropping', () => {
    const d = (...s: number[]): Tensor => randn(s, { dtype: 'float64' }).requiresGrad_();
    float64Gradcheck((x) => F.pad(x, [1, -1, -1, 2], 'reflect'), [d(2, 3, 4)], true);
    float64Gradcheck((x) => F.pad(x, [2, -1, 0, 1, 1, 0], 'replicate'), [d(1, 2, 2, 3, 3)], true);
    float64Gradcheck((x) => F.pad(x, [-1, 2, 2, -1], 'circular'), [d(2, 3, 4)], true);
    float64Gradcheck((x) => F.pad(x, [-1, 2], 'circular'), [d(3, 4)], true);
  });
});

describe('padding modules', () => {
  const build: Record<string, () => nn.Module> = {
    'ZeroPad1d(2)': () => new nn.ZeroPad1d(2),
    'ZeroPad2d(1)': () => new nn.ZeroPad2d(1),
    'ZeroPad2d([1, 2, 3, 4])': () => new nn.ZeroPad2d([1, 2, 3, 4]),
    'ZeroPad3d([1, 0, 0, 1, 2, 2])': () => new nn.ZeroPad3d([1, 0, 0, 1, 2, 2]),
    'ConstantPad1d(2, 3.5)': () => new nn.ConstantPad1d(2, 3.5),
    'ConstantPad2d([1, 2, 0, 1], 0)': () => new nn.ConstantPad2d([1, 2, 0, 1], 0),
    'ConstantPad3d(1, -1.5)': () => new nn.ConstantPad3d(1, -1.5),
    'ReflectionPad1d(2)': () => new nn.ReflectionPad1d(2),
    'ReflectionPad2d([1, 0, 2, 3])': () => new nn.ReflectionPad2d([1, 0, 2, 3]),
    'ReflectionPad3d(1)': () => new nn.ReflectionPad3d(1),
    'ReplicationPad1d([1, 2])': () => new nn.ReplicationPad1d([1, 2]),
    'ReplicationPad2d(2)': () => new nn.ReplicationPad2d(2),
    'ReplicationPad3d(2)': () => new nn.ReplicationPad3d(2),
    'CircularPad1d([2, 1])': () => new nn.CircularPad1d([2, 1]),
    'CircularPad2d(1)': () => new nn.CircularPad2d(1),
    'CircularPad3d(1)': () => new nn.CircularPad3d(1),
    'PixelShuffle(3)': () => new nn.PixelShuffle(3),
    'PixelUnshuffle(2)': () => new nn.PixelUnshuffle(2),
  };

  it.each(Object.keys(reprs))('%s prints as PyTorch', (key) => {
    expect(build[key]!().toString()).toBe(reprs[key]);
  });

  it('each module pads as F.pad does with its mode (fixture cases)', () => {
    const mods: [nn.functional.PadMode, number, (p: number[]) => nn.Module][] = [
      ['reflect', 1, (p) => new nn.ReflectionPad1d(p)], ['reflect', 2, (p) => new nn.ReflectionPad2d(p)], ['reflect', 3, (p) => new nn.ReflectionPad3d(p)],
      ['replicate', 1, (p) => new nn.ReplicationPad1d(p)], ['replicate', 2, (p) => new nn.ReplicationPad2d(p)], ['replicate', 3, (p) => new nn.ReplicationPad3d(p)],
      ['circular', 1, (p) => new nn.CircularPad1d(p)], ['circular', 2, (p) => new nn.CircularPad2d(p)], ['circular', 3, (p) => new nn.CircularPad3d(p)],
    ];
    for (const [mode, k, make] of mods) {
      const c = padCases.find((q) => q.mode === mode && q.pad.length === 2 * k)!;
      expectClose(make(c.pad).forward(fromJson(c.input)), c.output, 0, 0);
    }
    const c = padCases.find((q) => q.mode === 'constant' && q.pad.length === 6)!;
    expectClose(new nn.ConstantPad3d(c.pad, c.value!).forward(fromJson(c.input)), c.output, 0, 0);
    const z = padCases.find((q) => q.mode === 'constant' && q.value === null && q.pad.length === 4)!;
    expectClose(new nn.ZeroPad2d(z.pad).forward(fromJson(z.input)), z.output, 0, 0);
  });

  it('CircularPad checks the input\'s dim count (PyTorch 2.1)', () => {
    expect(() => new nn.CircularPad1d(1).forward(zeros(4))).toThrow('expected 2D or 3D input (got 1D input)');
    expect(() => new nn.CircularPad2d(1).forward(zeros(1, 1, 1, 2, 2))).toThrow('expected 3D or 4D input (got 5D input)');
    expect(() => new nn.CircularPad3d(1).forward(zeros(2, 2, 2))).toThrow('expected 4D or 5D input (got 3D input)');
  });
});

describe('F.pixelShuffle / F.pixelUnshuffle against PyTorch', () => {
  const run = (fn: ShuffleCase['fn'], x: Tensor, r: number): Tensor => (fn === 'pixel_shuffle' ? F.pixelShuffle(x, r) : F.pixelUnshuffle(x, r));

  it.each(shuffle.map((c) => [`${c.fn} ${c.input.shape.join('x')} r=${c.factor}`, c] as const))('%s', (_, c) => {
    for (const make of [(t: Tensor) => t, strided]) {
      const x = make(fromJson(c.input)).requiresGrad_();
      const y = run(c.fn, x, c.factor);
      expectClose(y, c.output, 0, 0);
      expect(y.gradFn?.name).toBe(c.node);
      expect(y.storage).not.toBe(x.storage);
      y.backward(fromJson(c.gout));
      expectClose(x.grad!, c.inputGrad, 0, 0);
    }
  });

  it.each(shuffleErrors.map((e) => [`${e.fn} ${e.shape.join('x')} r=${e.factor}`, e] as const))('raises PyTorch\'s error: %s', (_, e) => {
    expect(() => run(e.fn, zeros(...e.shape), e.factor)).toThrow(e.message);
  });

  it('modules, and float64 gradcheck / gradgradcheck', () => {
    const x = randn([2, 8, 2, 3], { dtype: 'float64' });
    expectClose(new nn.PixelShuffle(2).forward(x), F.pixelShuffle(x, 2), 0, 0);
    expectClose(new nn.PixelUnshuffle(2).forward(F.pixelShuffle(x, 2)), x, 0, 0);
    float64Gradcheck((t) => F.pixelShuffle(t, 2), [x.requiresGrad_()], true);
    float64Gradcheck((t) => F.pixelUnshuffle(t, 2), [randn([1, 2, 4, 6], { dtype: 'float64' }).requiresGrad_()], true);
  });
});
