/** Elementwise ops against PyTorch (fixtures/core-ops.json from tools/parity/core_ops.py). */
import { manualSeed, where, type Tensor } from '@torchlet/core';
import { describeFixtureCases } from './core-ops-fixture';
import { checkGrads, x64 } from './check-helpers';

describe('elementwise ops match PyTorch', () => {
  describeFixtureCases([
    'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd',
    'logicalOr', 'logicalNot', 'isnan', 'isfinite', 'neg', 'abs', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt',
    'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'softplus', 'clamp', 'sign', 'floor',
    'ceil', 'round', 'reciprocal', 'square', 'addcmul', 'addcdiv', 'lerp', 'add_', 'sub_', 'mul_', 'div_', 'clamp_',
    'addcmul_', 'addcdiv_', 'lerp_', 'sqrt_', 'abs_', 'sign_', 'exp_', 'relu_',
  ]);
});

describe('elementwise gradients (float64 gradcheck and gradgradcheck)', () => {
  beforeAll(() => manualSeed(0));
  const binary: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
    add: (a, b) => a.add(b),
    addAlpha: (a, b) => a.add(b, { alpha: -0.7 }),
    sub: (a, b) => a.sub(b),
    subAlpha: (a, b) => a.sub(b, { alpha: 2.5 }),
    mul: (a, b) => a.mul(b),
    div: (a, b) => a.div(b.abs().add(0.5)),
    pow: (a, b) => a.abs().add(0.5).pow(b),
    maximum: (a, b) => a.maximum(b.add(0.05)),
    minimum: (a, b) => a.minimum(b.add(0.05)),
    atan2: (a, b) => a.atan2(b),
    where: (a, b) => where(a.gt(0), a, b),
  };
  const shapes: [number[], number[]][] = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 1], [1, 3]], [[], [2, 2]], [[3, 1, 2], [2]]];
  for (const [name, f] of Object.entries(binary)) {
    it.each(shapes.map(([a, b]) => [`${name} [${a.join(',')}] [${b.join(',')}]`, a, b] as const))('%s', (_n, sa, sb) => {
      checkGrads(f, [x64(sa), x64(sb)]);
    });
    it(`${name} with a transposed operand`, () => {
      checkGrads((a, b) => f(a.t(), b), [x64([3, 2]), x64([2, 3])]);
    });
  }
  it.each([['add', 0.3], ['sub', -2], ['mul', 1.7], ['div', 0.4], ['pow', 3], ['pow', -0.5], ['pow', 2], ['pow', 1.3]] as const)(
    '%s with a number %p', (op, s) => {
      const fn = (a: Tensor): Tensor => (op === 'pow' ? a.abs().add(0.3).pow(s) : a[op](s));
      checkGrads(fn, [x64([2, 3])]);
    },
  );
  const unary: Record<string, [(x: Tensor) => Tensor, { away?: number; positive?: boolean }]> = {
    neg: [(x) => x.neg(), {}], abs: [(x) => x.abs(), { away: 0.1 }], exp: [(x) => x.exp(), {}],
    log: [(x) => x.log(), { positive: true }], log1p: [(x) => x.log1p(), { positive: true }], expm1: [(x) => x.expm1(), {}],
    sqrt: [(x) => x.sqrt(), { positive: true }], rsqrt: [(x) => x.rsqrt(), { positive: true }], sin: [(x) => x.sin(), {}],
    cos: [(x) => x.cos(), {}], tanh: [(x) => x.tanh(), {}], sigmoid: [(x) => x.sigmoid(), {}], relu: [(x) => x.relu(), { away: 0.1 }],
    leakyRelu: [(x) => x.leakyRelu(0.2), { away: 0.1 }], elu: [(x) => x.elu(1.3), { away: 0.1 }], gelu: [(x) => x.gelu(), {}],
    geluTanh: [(x) => x.gelu({ approximate: 'tanh' }), {}], silu: [(x) => x.silu(), {}],
    softplus: [(x) => x.mul(3).softplus({ beta: 2, threshold: 3 }), { away: 0.1 }], clamp: [(x) => x.clamp(-0.5, 0.7), { away: 0.05 }],
    clampMin: [(x) => x.clamp(0.1), { away: 0.05 }], sign: [(x) => x.sign(), { away: 0.1 }], floor: [(x) => x.mul(3).floor(), { away: 0.1 }],
    ceil: [(x) => x.ceil(), { away: 0.1 }], round: [(x) => x.round(), { away: 0.1 }], reciprocal: [(x) => x.reciprocal(), { away: 0.3 }],
    square: [(x) => x.square(), {}], erf: [(x) => x.erf(), {}], tan: [(x) => x.mul(0.5).tan(), {}], atan: [(x) => x.atan(), {}],
    sinh: [(x) => x.sinh(), {}], cosh: [(x) => x.cosh(), {}], log2: [(x) => x.log2(), { positive: true }],
  };
  for (const [name, [f, o]] of Object.entries(unary)) {
    it.each([[[2, 3]], [[]], [[4]]] as const)(`${name} %p`, (shape) => checkGrads(f, [x64([...shape], o)]));
    it(`${name} on a strided view`, () => checkGrads((x) => f(x.t().narrow(0, 1, 2)), [x64([3, 3], o)]));
  }
  it.each([[[2, 3], [2, 3], [2, 3]], [[2, 3], [3], [2, 1]], [[], [2, 2], [2]]] as const)('addcmul %p %p %p', (a, b, c) => {
    checkGrads((x, y, z) => x.addcmul(y, z, { value: -0.6 }), [x64([...a]), x64([...b]), x64([...c])]);
  });
  it.each([[[2, 3], [2, 3], [2, 3]], [[2, 3], [3], [2, 1]]] as const)('addcdiv %p %p %p', (a, b, c) => {
    checkGrads((x, y, z) => x.addcdiv(y, z, { value: 0.8 }), [x64([...a]), x64([...b]), x64([...c], { positive: true })]);
  });
  it.each([0.3, 0.8])('lerp with weight %p', (w) => {
    checkGrads((x, y) => x.lerp(y, w), [x64([2, 3]), x64([3])]);
  });
  it('lerp with a tensor weight', () => {
    checkGrads((x, y, w) => x.lerp(y, w), [x64([2, 3]), x64([2, 1]), x64([3])]);
  });
  it('in-place ops on a non-leaf', () => {
    checkGrads((x, y) => x.mul(1).mul_(y).add_(y, { alpha: 0.5 }).sin_().addcmul_(y, y, { value: 0.1 }).clamp_(-0.8, 0.8), [x64([2, 3]), x64([3])]);
  });
});
