/**
 * nn.init against PyTorch after manual_seed (fixtures from tools/parity/nn_init.py): bit for bit
 * (truncNormal_ included: its float32 erfinv is reproduced), to rounding for orthogonal_ (QR).
 */
import { Generator, Tensor, manualSeed, zeros, type DType } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/init.json';
import { expectClose, expectExact, fromJson, values, type TensorJson } from './helpers';
import { erfinvF32 } from '../src/init-math';

const init = nn.init;

interface InitCase {
  name: string;
  fn: string;
  shape: number[];
  dtype: DType;
  args: number[];
  kwargs: Record<string, unknown>;
  seed: number;
  exact: boolean;
  value: TensorJson;
}

const FNS: Record<string, (t: Tensor, a: number[], kw: Record<string, unknown>) => Tensor> = {
  uniform_: (t, a) => init.uniform_(t, a[0], a[1]),
  normal_: (t, a) => init.normal_(t, a[0], a[1]),
  constant_: (t, a) => init.constant_(t, a[0]!),
  ones_: (t) => init.ones_(t),
  zeros_: (t) => init.zeros_(t),
  eye_: (t) => init.eye_(t),
  xavier_uniform_: (t, a) => init.xavierUniform_(t, a[0]),
  xavier_normal_: (t, a) => init.xavierNormal_(t, a[0]),
  kaiming_uniform_: (t, _a, kw) => init.kaimingUniform_(t, kw),
  kaiming_normal_: (t, _a, kw) => init.kaimingNormal_(t, kw),
  trunc_normal_: (t, a) => init.truncNormal_(t, a[0], a[1], a[2], a[3]),
  orthogonal_: (t, a) => init.orthogonal_(t, a[0]),
};

const { cases, gains, generator } = fixture as unknown as {
  cases: InitCase[]; gains: Record<string, number>; generator: { seed: number; uniform: TensorJson; normal: TensorJson };
};

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
  it(c.exact ? 'is bit-identical to PyTorch' : 'matches PyTorch to rounding', () => {
    manualSeed(c.seed);
    const t = zeros(c.shape, { dtype: c.dtype });
    const out = FNS[c.fn]!(t, c.args, c.kwargs);
    expect(out).toBe(t);
    if (c.exact) expectExact(t, c.value);
    else expectClose(t, c.value, 1e-5, 1e-6);
  });
});

describe('truncNormal_', () => {
  it('reproduces PyTorch\'s float32 erfinv bit for bit, tails included', () => {
    const { erfinv } = fixture as unknown as { erfinv: { y: TensorJson; x: TensorJson } };
    expectExact(erfinvF32(fromJson(erfinv.y)), erfinv.x);
  });

  it('stays inside [a, b]', () => {
    manualSeed(0);
    const t = init.truncNormal_(zeros(5000), 0, 3, -1, 2);
    expect(values(t).every((v) => v >= -1 && v <= 2)).toBe(true);
  });
});

describe('calculateGain', () => {
  it.each(Object.entries(gains))('%s', (key, gain) => {
    const [name, slope] = key.split(' ') as [Parameters<typeof init.calculateGain>[0], string | undefined];
    expect(init.calculateGain(name, slope === undefined ? undefined : Number(slope))).toBe(gain);
  });
  it('rejects unknown nonlinearities', () => {
    expect(() => init.calculateGain('softsign' as 'relu')).toThrow('Unsupported nonlinearity softsign');
  });
});

describe('init functions take a generator', () => {
  it('draws from the given generator, not the default one', () => {
    const g = new Generator(generator.seed);
    const u = init.uniform_(zeros(3, 3), -1, 1, { generator: g });
    const n = init.normal_(zeros(20), 0, 1, { generator: g });
    expectExact(u, generator.uniform);
    expectExact(n, generator.normal);
  });

  it('fan computation and errors follow PyTorch', () => {
    expect(init.calculateFanInAndFanOut(zeros(4, 3, 5, 5))).toEqual([75, 100]);
    expect(() => init.calculateFanInAndFanOut(zeros(3))).toThrow('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
    expect(() => init.eye_(zeros(2, 2, 2))).toThrow('Only tensors with 2 dimensions are supported');
    expect(() => init.kaimingUniform_(zeros(2, 2), { mode: 'fan_avg' as 'fan_in' })).toThrow('Mode fan_avg not supported, please use one of fan_in, fan_out');
  });
});
