/**
 * The samplers (bernoulli, normal's forms, exponential_, geometric_, cauchy_, logNormal_, random_,
 * randintLike), float32/float64 linspace and float32 sin/cos against torch 1.13
 * (tools/parity/core_random_extra.py): bit for bit, except float64 exponential/cauchy/logNormal,
 * whose glibc log/tan/exp miss correct rounding now and then (see random/extra.ts): 1 ulp there.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  Generator, Tensor, bernoulli, cos, linspace, manualSeed, normal, rand, randn, randintLike, randLike, randnLike, sin,
  tensor, zeros, empty, type DType,
} from '../src/index';

interface Case {
  name: string; seed: number; dtype: DType; shape: number[]; values?: (number | string)[]; hash?: number;
  a?: number[]; p?: number;
}
interface Fixture {
  cases: Case[];
  linspace: { start: number; end: number; steps: number; dtype: DType; hash: number }[];
  trig: Record<string, number> & { small_sin: number[] };
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core_random_extra.json'), 'utf8')) as Fixture;

/** FNV-1a over the uint32 words of the values' bits, as the fixture script hashes them. */
function fnv(t: Tensor): number {
  const v = t.dtype === 'bool' ? t.to('int32').toTypedArray() : t.contiguous().toTypedArray();
  const words = new Uint32Array(v.buffer, v.byteOffset, v.byteLength / 4);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193) >>> 0;
  return h;
}

const lin = (a: number, b: number, n: number, dtype: DType): Tensor => linspace(a, b, n, { dtype });
const ARGS = (c: Case): number[] => c.a ?? [];

/** The same computation as the fixture's lambdas, by case name. */
function run(c: Case): Tensor {
  const dtype = c.dtype;
  const probs = (): Tensor => lin(0, 1, 40, dtype).reshape(5, 8);
  const mean = (n: number): Tensor => lin(-2, 2, n, dtype);
  const std = (n: number): Tensor => lin(0.5, 3, n, dtype);
  const [a0, a1] = ARGS(c);
  switch (c.name) {
    case 'bernoulli': return bernoulli(probs());
    case 'bernoulli_t': return bernoulli(probs().t());
    case 'bernoulli_scalar': return empty(c.shape, { dtype }).bernoulli_(c.p);
    case 'bernoulli_tensor': return empty(6, 5, { dtype }).bernoulli_(lin(0.1, 0.9, 5, dtype));
    case 'exponential': case 'exponential_big': return empty(c.shape, { dtype }).exponential_(a0);
    case 'geometric': case 'geometric_big': return empty(c.shape, { dtype }).geometric_(a0!);
    case 'cauchy': case 'cauchy_big': return empty(c.shape, { dtype }).cauchy_(a0, a1);
    case 'logNormal': case 'logNormal_big': return empty(c.shape, { dtype }).logNormal_(a0, a1);
    case 'logNormal_t': return empty(8, 5, { dtype }).t().logNormal_();
    case 'random': case 'random_to': case 'random_from_to': return empty(c.shape, { dtype }).random_(a0, a1);
    case 'randintLike': return a1 === undefined ? randintLike(zeros(c.shape, { dtype }), a0!) : randintLike(zeros(c.shape, { dtype }), a0!, a1);
    case 'normal_tt': return normal(mean(20), std(20));
    case 'normal_tt_small': return normal(mean(5), std(5));
    case 'normal_tt_bcast': return normal(mean(4).reshape(4, 1), std(6));
    case 'normal_tf': return normal(mean(20), 2.5);
    case 'normal_ft': return normal(1.5, std(20));
    case 'normal_ft_small': return normal(1.5, std(7));
    case 'normal_ff': return normal(1.5, 0.5, [3, 6], { dtype });
    case 'sequence': {
      const parts = [normal(mean(3), std(3)), empty(3, { dtype }).logNormal_(), empty(4, { dtype }).exponential_()];
      return tensor(Float64Array.from(parts.flatMap((p) => Array.from(p.toTypedArray()))), { dtype });
    }
    default: throw new Error(`unknown case ${c.name}`);
  }
}

/** float64 results that go through glibc's log/tan/exp: within 1 ulp (2.3e-16 relative). */
const ulpTolerant = (c: Case): boolean => c.dtype === 'float64' && /^(exponential|cauchy|logNormal|sequence)/.test(c.name);

describe('samplers after manualSeed: PyTorch 1.13 values', () => {
  test.each(FIX.cases.map((c) => [`${c.name} ${c.dtype}`, c] as const))('%s', (_, c) => {
    manualSeed(c.seed);
    const out = run(c);
    expect(out.dtype).toBe(c.dtype);
    expect(out.shape).toEqual(c.shape);
    if (c.hash !== undefined) {
      if (!ulpTolerant(c)) expect(fnv(out)).toBe(c.hash);
      return;
    }
    const got = Array.from(out.contiguous().toTypedArray());
    const want = c.values!.map((v) => (typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : v));
    if (ulpTolerant(c)) {
      got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 2.3e-16));
    } else {
      expect(got).toEqual(want);
    }
  });

  test('a Generator option draws from that generator, not the default one', () => {
    const c = FIX.cases.find((k) => k.name === 'exponential' && k.dtype === 'float32')!;
    manualSeed(999);
    const before = rand(1).item();
    manualSeed(999);
    const out = empty(40).exponential_(1.7, { generator: new Generator(c.seed) });
    expect(Array.from(out.toTypedArray())).toEqual(c.values);
    expect(rand(1).item()).toBe(before);
  });

  test('randLike and randnLike draw as rand and randn', () => {
    const x = zeros(3, 7, { dtype: 'float64' });
    manualSeed(5);
    const a = randLike(x), b = randnLike(x);
    manualSeed(5);
    expect(a.dtype).toBe('float64');
    expect(a.toTypedArray()).toEqual(rand(3, 7, { dtype: 'float64' }).toTypedArray());
    expect(b.toTypedArray()).toEqual(randn(3, 7, { dtype: 'float64' }).toTypedArray());
  });
});

describe('gradients: the samplers are not reparametrised (zeros, PyTorch node names)', () => {
  test('normal and bernoulli', () => {
    const m = zeros(3, { requiresGrad: true });
    const s = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    expect(normal(m, 1).gradFn?.name).toBe('NormalBackward1');
    expect(normal(0, s).gradFn?.name).toBe('NormalBackward2');
    const r = normal(m, s);
    expect(r.gradFn?.name).toBe('NormalBackward3');
    r.sum().backward();
    expect(Array.from(m.grad!.toTypedArray())).toEqual([0, 0, 0]);
    expect(Array.from(s.grad!.toTypedArray())).toEqual([0, 0, 0]);
    const p = tensor([0.5, 0.5], { dtype: 'float32', requiresGrad: true });
    expect(bernoulli(p).gradFn?.name).toBe('BernoulliBackward0');
  });
});

describe("PyTorch's errors, raised before anything is drawn or written", () => {
  test.each([
    ['bernoulli_ p > 1', () => empty(3).bernoulli_(1.5), 'bernoulli_ expects p to be in [0, 1], but got p=1.5'],
    ['bernoulli_ p NaN', () => empty(3).bernoulli_(NaN), 'bernoulli_ expects p to be in [0, 1], but got p=NaN'],
    ['bernoulli tensor p', () => bernoulli(tensor([0.5, 1.5], { dtype: 'float32' })), 'Expected p_in >= 0 && p_in <= 1 to be true, but got false.'],
    ['bernoulli int p', () => bernoulli(tensor([1, 0])), '"bernoulli_tensor_cpu_p_" not implemented for \'Int\''],
    ['exponential_ lambda', () => empty(3).exponential_(-1), 'exponential_ expects lambda >= 0.0, but found lambda=-1'],
    ['exponential_ int', () => empty(3, { dtype: 'int32' }).exponential_(), '"exponential_cpu" not implemented for \'Int\''],
    ['geometric_ p', () => empty(3).geometric_(1), 'geometric_ expects p to be in (0, 1), but got p=1'],
    ['logNormal_ std', () => empty(3).logNormal_(0, 0), 'log_normal_ expects std > 0.0, but found std=0'],
    ['normal tensor std', () => normal(zeros(3), tensor([-1, 1, 1], { dtype: 'float32' })), 'normal expects all elements of std >= 0.0'],
    ['normal float std', () => normal(zeros(3), -1), 'normal expects std >= 0.0, but found std -1'],
    ['normal shapes', () => normal(zeros(3), empty(2).fill_(1)), 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0'],
    ['normal int mean', () => normal(zeros(3, { dtype: 'int32' }), 1), '"normal_kernel_cpu" not implemented for \'Int\''],
    ['random_ range', () => empty(3).random_(5, 5), "random_ expects 'from' to be less than 'to', but got from=5 >= to=5"],
    ['random_ int32 bounds', () => empty(3, { dtype: 'int32' }).random_(0, 2 ** 32), 'to - 1 is out of bounds for int'],
    ['randintLike range', () => randintLike(zeros(3), 5, 2), "random_ expects 'from' to be less than 'to', but got from=5 >= to=2"],
    ['unknown option', () => empty(3).exponential_(1, { generatr: 1 } as never), "exponential_() got an unexpected keyword argument 'generatr'"],
  ])('%s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('a bad probability in a tensor leaves the output untouched and the generator where it was', () => {
    const x = zeros(2);
    manualSeed(1);
    expect(() => x.bernoulli_(tensor([0.5, 2], { dtype: 'float32' }))).toThrow('p_in');
    expect(Array.from(x.toTypedArray())).toEqual([0, 0]);
    const after = rand(1).item();
    manualSeed(1);
    expect(rand(1).item()).toBe(after);
  });
});

describe('linspace and float32 sin/cos: PyTorch 1.13 bits', () => {
  test.each(FIX.linspace.map((c) => [`${c.dtype} ${c.start} ${c.end} ${c.steps}`, c] as const))('linspace %s', (_, c) => {
    expect(fnv(linspace(c.start, c.end, c.steps, { dtype: c.dtype }))).toBe(c.hash);
  });

  test('sin and cos of linspace(-pi, pi, 2000)', () => {
    const x = linspace(-Math.PI, Math.PI, 2000);
    expect(fnv(sin(x))).toBe(FIX.trig.linspace_sin);
    expect(fnv(cos(x))).toBe(FIX.trig.linspace_cos);
  });

  test('sin and cos of 100k uniforms in (-124, 124), and of a transposed view', () => {
    manualSeed(30);
    const r = rand(100000).mul(248).sub(124);
    expect(fnv(sin(r))).toBe(FIX.trig.rand_sin);
    expect(fnv(cos(r))).toBe(FIX.trig.rand_cos);
    manualSeed(31);
    const n = randn(300, 400).mul(3);
    expect(fnv(sin(n.t()))).toBe(FIX.trig.randn_t_sin);
    expect(fnv(cos(n.t()))).toBe(FIX.trig.randn_t_cos);
    expect(Array.from(sin(n.narrow(0, 0, 1).narrow(1, 0, 5)).toTypedArray())).toEqual(FIX.trig.small_sin);
  });
});
