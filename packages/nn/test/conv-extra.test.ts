/**
 * conv3d and conv_transpose1d/2d/3d (functional and modules: init draws, state-dict keys, reprs,
 * outputSize), every Conv's padding modes, and their errors, against PyTorch (fixtures from
 * tools/parity/nn_conv_extra.py); float64 gradcheck and gradgradcheck.
 */
import { Tensor, manualSeed, randn } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_conv_extra.json';
import { camel, expectClose, expectExact, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface FnCase {
  fn: string; kwargs: Record<string, unknown>; node: string; input: TensorJson; weight: TensorJson; bias?: TensorJson;
  output: TensorJson; gout: TensorJson; inputGrad: TensorJson; weightGrad: TensorJson; biasGrad?: TensorJson;
}
interface ModCase {
  cls: string; args: (number | number[])[]; kwargs: Record<string, unknown>; seed: number; outputSize: number[] | null;
  repr: string; state: Record<string, TensorJson>; input: TensorJson; output: TensorJson;
}
const { functional, modules, errors } = fixture as unknown as {
  functional: FnCase[]; modules: ModCase[]; errors: Record<string, { type: string; message: string }>;
};

type Conv = (x: Tensor, w: Tensor, b: Tensor | null, o: Record<string, unknown>) => Tensor;
const FNS: Record<string, Conv> = {
  conv1d: (x, w, b, o) => F.conv1d(x, w, b, o), conv2d: (x, w, b, o) => F.conv2d(x, w, b, o), conv3d: (x, w, b, o) => F.conv3d(x, w, b, o),
  conv_transpose1d: (x, w, b, o) => F.convTranspose1d(x, w, b, o),
  conv_transpose2d: (x, w, b, o) => F.convTranspose2d(x, w, b, o),
  conv_transpose3d: (x, w, b, o) => F.convTranspose3d(x, w, b, o),
};

/** The same values with transposed strides in the last two dims. */
function strided(x: Tensor): Tensor {
  const n = x.shape.length;
  return x.transpose(n - 2, n - 1).contiguous().transpose(n - 2, n - 1);
}

describe('functional conv3d / convTranspose against PyTorch', () => {
  it.each(functional.map((c) => [`${c.fn} ${c.input.shape.join('x')} ${JSON.stringify(c.kwargs)}`, c] as const))('%s', (_, c) => {
    const tol = c.input.dtype === 'float64' ? 1e-10 : 1e-5;
    for (const make of [(t: Tensor) => t, strided]) {
      const x = make(fromJson(c.input)).requiresGrad_();
      const w = make(fromJson(c.weight)).requiresGrad_();
      const b = c.bias ? fromJson(c.bias).requiresGrad_() : null;
      const y = FNS[c.fn]!(x, w, b, camel(c.kwargs));
      expectClose(y, c.output, tol, tol);
      expect(y.gradFn?.name).toBe(c.node);
      y.backward(fromJson(c.gout));
      expectClose(x.grad!, c.inputGrad, tol, tol);
      expectClose(w.grad!, c.weightGrad, tol, tol);
      if (b !== null) expectClose(b.grad!, c.biasGrad!, tol, tol);
    }
  });

  const d = (...s: number[]): Tensor => randn(s, { dtype: 'float64' }).requiresGrad_();
  it('float64 gradcheck and gradgradcheck w.r.t. input, weight and bias', () => {
    float64Gradcheck((x, w, b) => F.conv3d(x, w, b, { stride: [1, 2, 1], padding: [1, 0, 1], dilation: [1, 1, 2] }), [d(1, 2, 3, 4, 4), d(2, 2, 2, 2, 2), d(2)], true);
    float64Gradcheck((x, w) => F.conv3d(x, w, null, { groups: 2, padding: 'same' }), [d(4, 3, 3, 2), d(2, 2, 2, 1, 2)], true);
    float64Gradcheck((x, w, b) => F.convTranspose1d(x, w, b, { stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2 }), [d(2, 4, 3), d(4, 1, 3), d(2)], true);
    float64Gradcheck((x, w, b) => F.convTranspose2d(x, w, b, { stride: [2, 1], padding: [0, 1], outputPadding: [1, 0] }), [d(1, 2, 3, 3), d(2, 3, 2, 3), d(3)], true);
    float64Gradcheck((x, w, b) => F.convTranspose3d(x, w, b, { stride: 2, outputPadding: [1, 0, 0] }), [d(1, 2, 2, 2, 2), d(2, 2, 2, 1, 2), d(2)], true);
  });

  it('zero-size batches give empty outputs and zero weight gradients', () => {
    const w = randn([3, 2, 2, 2]).requiresGrad_();
    const y = F.convTranspose2d(randn([0, 3, 2, 2]), w, null, { stride: 2 });
    expect(y.shape).toEqual([0, 2, 4, 4]);
    y.sum().backward();
    expect(Array.from(w.grad!.toTypedArray())).toEqual(new Array<number>(24).fill(0));
  });

  it('unknown options are PyTorch\'s TypeError', () => {
    expect(() => F.convTranspose2d(randn([1, 2, 3, 3]), randn([2, 2, 2, 2]), null, { outputPading: 1 } as nn.functional.ConvTransposeOptions))
      .toThrow("conv_transpose2d() got an unexpected keyword argument 'outputPading' (did you mean 'outputPadding'?)");
    expect(() => F.conv3d(randn([1, 2, 3, 3, 3]), randn([2, 2, 2, 2, 2]), null, { stirde: 1 } as nn.functional.ConvOptions))
      .toThrow("conv3d() got an unexpected keyword argument 'stirde' (did you mean 'stride'?)");
  });
});

type Ctor = new (i: number, o: number, k: number | number[], opts: Record<string, unknown>) => nn.Module<[Tensor, (number[] | null)?]>;
const MODULES: Record<string, Ctor> = {
  Conv1d: nn.Conv1d, Conv2d: nn.Conv2d, Conv3d: nn.Conv3d,
  ConvTranspose1d: nn.ConvTranspose1d, ConvTranspose2d: nn.ConvTranspose2d, ConvTranspose3d: nn.ConvTranspose3d,
};

describe('Conv3d / ConvTranspose modules and padding modes against PyTorch', () => {
  it.each(modules.map((c) => [c.repr + (c.outputSize ? ` outputSize=${c.outputSize.join(',')}` : ''), c] as const))('%s', (_, c) => {
    manualSeed(c.seed);
    const [i, o, k] = c.args as [number, number, number | number[]];
    const m = new MODULES[c.cls]!(i, o, k, camel(c.kwargs));
    expect(m.toString()).toBe(c.repr);
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(c.state));
    for (const [key, t] of Object.entries(c.state)) expectExact(sd[key]!, t);
    expectClose(m.forward(fromJson(c.input), c.outputSize), c.output, 1e-5, 1e-6);
  });
});

describe('errors', () => {
  const z = (...s: number[]): Tensor => randn(s);
  const cases: Record<string, () => unknown> = {
    'conv3d 3-D input': () => F.conv3d(z(3, 4, 5), z(3, 2, 2, 2, 2)),
    'conv3d kernel too large': () => F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 4, 2, 2)),
    'conv3d channels': () => F.conv3d(z(1, 3, 3, 4, 5), z(3, 2, 2, 2, 2)),
    'conv3d dilation': () => F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), null, { dilation: [1, 0, 1] }),
    'conv1d dilation': () => F.conv1d(z(1, 2, 5), z(3, 2, 2), null, { dilation: 0 }),
    'conv3d bias': () => F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), z(2)),
    'conv3d stride list': () => F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), null, { stride: [1, 2] }),
    'conv3d same strided': () => F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), null, { stride: 2, padding: 'same' }),
    'conv1d padding typo': () => F.conv1d(z(1, 2, 5), z(3, 2, 2), null, { padding: 'typo' as 'same' }),
    'conv1d empty weight': () => F.conv1d(z(1, 2, 5), z(0, 2, 2)),
    'conv_transpose1d channels': () => F.convTranspose1d(z(1, 4, 5), z(5, 3, 3)),
    'conv_transpose1d weight dims': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3, 3)),
    'conv_transpose1d input dims': () => F.convTranspose1d(z(1, 1, 4, 5), z(4, 3, 3)),
    'conv_transpose1d output_padding': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), null, { stride: 2, outputPadding: 2 }),
    'conv_transpose2d output_padding': () => F.convTranspose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), null, { stride: 2, outputPadding: 2 }),
    'conv_transpose3d output_padding': () => F.convTranspose3d(z(1, 4, 5, 5, 5), z(4, 3, 3, 3, 3), null, { stride: 2, outputPadding: [0, 0, 2] }),
    'conv_transpose1d groups': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), null, { groups: 3 }),
    'conv_transpose1d bias': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), z(4)),
    'conv_transpose1d negative padding': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), null, { padding: -1 }),
    'conv_transpose1d stride': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), null, { stride: 0 }),
    'conv_transpose1d negative output_padding': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), null, { outputPadding: -1 }),
    'conv_transpose3d dilation': () => F.convTranspose3d(z(1, 2, 3, 4, 5), z(2, 2, 2, 2, 2), null, { dilation: [1, 0, 1] }),
    'conv_transpose1d output too small': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), null, { padding: 4 }),
    'conv_transpose2d dtype': () => F.convTranspose2d(z(1, 4, 5, 5), randn([4, 3, 3, 3], { dtype: 'float64' })),
    'conv_transpose1d padding str': () => F.convTranspose1d(z(1, 4, 5), z(4, 3, 3), null, { padding: 'same' as unknown as number }),
    'ConvTranspose1d output_size range': () => new nn.ConvTranspose1d(4, 3, 3, { stride: 2 }).forward(z(1, 4, 5), [13]),
    'ConvTranspose1d output_size length': () => new nn.ConvTranspose1d(4, 3, 3, { stride: 2 }).forward(z(1, 4, 5), [1, 1, 3, 12]),
    'ConvTranspose2d padding_mode': () => new nn.ConvTranspose2d(2, 3, 2, { paddingMode: 'reflect' }),
    'ConvTranspose3d padding_mode': () => new nn.ConvTranspose3d(2, 3, 2, { paddingMode: 'circular' }),
    'Conv3d padding_mode typo': () => new nn.Conv3d(2, 3, 2, { paddingMode: 'typo' as nn.PaddingMode }),
    'Conv2d padding typo': () => new nn.Conv2d(2, 3, 2, { padding: 'typo' as 'same' }),
    'Conv3d same strided': () => new nn.Conv3d(2, 3, 2, { padding: 'same', stride: 2 }),
    'Conv3d groups': () => new nn.Conv3d(3, 4, 2, { groups: 2 }),
  };

  it('covers every fixture error', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(errors).sort());
  });

  it.each(Object.keys(errors))('%s', (name) => {
    const e = errors[name]!;
    let err: unknown = null;
    try { cases[name]!(); } catch (x) { err = x; }
    expect(err).toBeInstanceOf(e.type === 'TypeError' ? TypeError : Error);
    expect((err as Error).message).toBe(e.message);
  });

  it('module options are checked like keyword arguments', () => {
    expect(() => new nn.Conv3d(2, 3, 2, { paddingMod: 'zeros' } as nn.ConvLayerOptions))
      .toThrow("Conv3d.__init__() got an unexpected keyword argument 'paddingMod' (did you mean 'paddingMode'?)");
  });
});
