/**
 * Issue 12's elementwise ops against PyTorch (fixtures/core-elementwise-extra.json, written by
 * tools/parity/core_elementwise_extra.py): values, dtypes, grad_fn names and gradients on
 * broadcast, transposed, expanded, zero-size and 0-d inputs; each in-place form against the same
 * fixture (values and gradients through it); PyTorch's errors; float64 gradchecks.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as T from '@torchlet/core';
import type { Tensor } from '@torchlet/core';
import { bitEqual, buildInput, closeTo, type InputSpec, type OpCase } from './core-ops-fixture';
import { checkGrads, x64 } from './check-helpers';

interface ExtraCase extends OpCase { node?: string; gradError?: string }
interface ErrorCase { op: string; args: Record<string, unknown>; inputs: InputSpec[]; message: string }
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-elementwise-extra.json'), 'utf8')) as {
  cases: ExtraCase[]; errors: ErrorCase[];
};

type Args = Record<string, unknown>;
type Op = (x: Tensor[], a: Args) => Tensor;
const scalar = (a: Args): number | boolean => a.s as number | boolean;
const other = (x: Tensor[], a: Args): Tensor | number => x[1] ?? (a.s as number);
const closeOpts = (a: Args): T.IscloseOptions => ({ rtol: a.rtol as number | undefined, atol: a.atol as number | undefined, equalNan: a.equalNan as boolean | undefined });
const nanOpts = (a: Args): T.NanToNumOptions => ({ nan: a.nan as number | undefined, posinf: a.posinf as number | undefined, neginf: a.neginf as number | undefined });

/** The ops as the fixture names them, in function or method form (both are the same code). */
const OPS: Record<string, Op> = {
  copysign: (x, a) => T.copysign(x[0]!, other(x, a)),
  hypot: (x) => x[0]!.hypot(x[1]!),
  logaddexp: (x) => T.logaddexp(x[0]!, x[1]!),
  logaddexp2: (x) => x[0]!.logaddexp2(x[1]!),
  xlogy: (x, a) => T.xlogy(x[0]!, other(x, a)),
  xlogyScalarSelf: (x, a) => T.xlogy(a.s as number, x[0]!),
  nanToNum: (x, a) => x[0]!.nanToNum(nanOpts(a)),
  clampMin: (x, a) => T.clampMin(x[0]!, other(x, a)),
  clampMax: (x, a) => x[0]!.clampMax(other(x, a)),
  heaviside: (x) => T.heaviside(x[0]!, x[1]!),
  floatPower: (x, a) => x[0]!.floatPower(other(x, a)),
  floatPowerScalarBase: (x, a) => T.floatPower(a.s as number, x[0]!),
  bitwiseAnd: (x, a) => T.bitwiseAnd(x[0]!, x[1] ?? scalar(a)),
  bitwiseOr: (x, a) => x[0]!.bitwiseOr(x[1] ?? scalar(a)),
  bitwiseXor: (x, a) => T.bitwiseXor(x[0]!, x[1] ?? scalar(a)),
  bitwiseLeftShift: (x, a) => x[0]!.bitwiseLeftShift(x[1] ?? scalar(a)),
  bitwiseRightShift: (x, a) => T.bitwiseRightShift(x[0]!, x[1] ?? scalar(a)),
  bitwiseNot: (x) => T.bitwiseNot(x[0]!),
  bitwiseXorScalarSelf: (x, a) => T.bitwiseXor(scalar(a), x[0]!),
  bitwiseLeftShiftScalarSelf: (x, a) => T.bitwiseLeftShift(scalar(a), x[0]!),
  isclose: (x, a) => T.isclose(x[0]!, x[1]!, closeOpts(a)),
  allclose: (x, a) => T.tensor(x[0]!.allclose(x[1]!, closeOpts(a))),
  equal: (x) => T.tensor(T.equal(x[0]!, x[1]!)),
};

/** The in-place forms, run on a copy of the first input where the result fits it. */
const INPLACE: Record<string, Op> = {
  copysign: (x, a) => x[0]!.copysign_(other(x, a)),
  hypot: (x) => T.hypot_(x[0]!, x[1]!),
  xlogy: (x, a) => x[0]!.xlogy_(other(x, a)),
  nanToNum: (x, a) => T.nanToNum_(x[0]!, nanOpts(a)),
  clampMin: (x, a) => x[0]!.clampMin_(other(x, a)),
  clampMax: (x, a) => T.clampMax_(x[0]!, other(x, a)),
  heaviside: (x) => x[0]!.heaviside_(x[1]!),
  floatPower: (x, a) => T.floatPower_(x[0]!, other(x, a)),
  bitwiseAnd: (x, a) => x[0]!.bitwiseAnd_(x[1] ?? scalar(a)),
  bitwiseOr: (x, a) => T.bitwiseOr_(x[0]!, x[1] ?? scalar(a)),
  bitwiseXor: (x, a) => x[0]!.bitwiseXor_(x[1] ?? scalar(a)),
  bitwiseLeftShift: (x, a) => T.bitwiseLeftShift_(x[0]!, x[1] ?? scalar(a)),
  bitwiseRightShift: (x, a) => x[0]!.bitwiseRightShift_(x[1] ?? scalar(a)),
  bitwiseNot: (x) => x[0]!.bitwiseNot_(),
};

function label(c: { op: string; inputs: InputSpec[]; args: Args }): string {
  const shapes = c.inputs.map((s) => `${s.dtype}[${s.shape.join(',')}]${s.view.length ? '*' : ''}`).join(' ');
  return `${c.op} ${shapes} ${JSON.stringify(c.args)}`;
}

function expectOutput(o: Tensor, c: ExtraCase): void {
  const exp = c.out[0]!;
  expect(o.shape).toEqual(exp.shape);
  expect(o.dtype).toBe(exp.dtype);
  const vals = o.toTypedArray();
  expect(closeTo(vals, exp.data, exp.dtype === 'float64' ? 1e-10 : 1e-5, exp.dtype === 'float64' ? 1e-12 : 1e-6)).toBeNull();
  if (c.exact) expect(bitEqual(vals, exp.data, exp.dtype)).toBeNull();
}

/** Backpropagates (out * w).sum() and compares each leaf's gradient with PyTorch's. */
function expectGrads(out: Tensor, c: ExtraCase, leaves: Tensor[]): void {
  if (!c.w) return;
  const w = T.tensor(c.w.map(Number), { dtype: out.dtype }).reshape(out.shape.slice());
  const loss = out.mul(w).sum();
  if (c.gradError !== undefined) {
    expect(() => loss.backward()).toThrow(c.gradError);
    return;
  }
  loss.backward();
  c.grads!.forEach((g, i) => {
    const leaf = leaves[i]!;
    if (g === null) {
      expect(leaf.grad).toBeNull();
      return;
    }
    expect(leaf.grad).not.toBeNull();
    expect(leaf.grad!.shape).toEqual(leaf.shape);
    const tol = leaf.dtype === 'float64' ? 1e-10 : 1e-5;
    expect(closeTo(leaf.grad!.toTypedArray(), g, tol, tol / 10)).toBeNull();
  });
}

describe('PyTorch fixtures: forward, grad_fn and backward', () => {
  it('covers every op', () => {
    for (const op of Object.keys(OPS)) expect(FIXTURE.cases.some((c) => c.op === op)).toBe(true);
  });
  it.each(FIXTURE.cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const built = c.inputs.map(buildInput);
    const out = OPS[c.op]!(built.map(([, x]) => x), c.args);
    expectOutput(out, c);
    expect(out.gradFn?.name).toBe(c.node);
    expectGrads(out, c, built.map(([base]) => base));
  });
});

describe('in-place forms against the same fixtures', () => {
  // Cases whose result fits the first input (same shape and dtype): self is a clone, so the
  // gradient flows through the in-place op to the leaf.
  const fits = FIXTURE.cases.filter((c) => INPLACE[c.op] !== undefined && c.out[0]!.dtype === c.inputs[0]!.dtype
    && JSON.stringify(c.out[0]!.shape) === JSON.stringify(buildInput(c.inputs[0]!)[1].shape));
  it('has cases', () => expect(fits.length).toBeGreaterThan(40));
  it.each(fits.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const built = c.inputs.map(buildInput);
    const xs = built.map(([, x]) => x);
    const self = xs[0]!.clone();
    const out = INPLACE[c.op]!([self, ...xs.slice(1)], c.args);
    expect(out).toBe(self);
    expectOutput(self, c);
    expectGrads(self, c, built.map(([base]) => base));
  });
});

describe("PyTorch's errors", () => {
  it.each(FIXTURE.errors.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const xs = c.inputs.map((s) => buildInput(s)[1]);
    expect(() => OPS[c.op]!(xs, c.args)).toThrow(c.message);
    const inplace = INPLACE[c.op];
    if (inplace) {
      const before = xs[0]!.toTypedArray().slice();
      expect(() => inplace([xs[0]!.detach().clone(), ...xs.slice(1)], c.args)).toThrow();
      expect(xs[0]!.toTypedArray()).toEqual(before);
    }
  });
  const f = T.tensor([1.5, -2, 0]), i = T.tensor([1, 2, 3], { dtype: 'int32' }), b = T.tensor([true, false, true]);
  it('tensor-only arguments', () => {
    expect(() => f.hypot(2 as unknown as Tensor)).toThrow("hypot(): argument 'other' (position 1) must be Tensor, not int");
    expect(() => T.logaddexp(f, 1.5 as unknown as Tensor)).toThrow("logaddexp(): argument 'other' (position 2) must be Tensor, not float");
    expect(() => T.isclose(f, 1.5 as unknown as Tensor)).toThrow("isclose(): argument 'other' (position 2) must be Tensor, not float");
    expect(() => T.heaviside(f, 0.5 as unknown as Tensor)).toThrow("heaviside(): argument 'values' (position 2) must be Tensor, not float");
  });
  it('two numbers: no overload takes them', () => {
    expect(() => T.bitwiseAnd(3, 4)).toThrow('bitwise_and() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(() => T.xlogy(3, 4)).toThrow('xlogy() received an invalid combination of arguments - got (int, int), but expected one of:');
    expect(() => T.floatPower(2, 3)).toThrow('float_power() received an invalid combination of arguments - got (int, int), but expected one of:');
  });
  it('unknown options name the nearest key', () => {
    expect(() => T.isclose(f, f, { equal_nan: true } as T.IscloseOptions)).toThrow("isclose() got an unexpected keyword argument 'equal_nan' (did you mean 'equalNan'?)");
    expect(() => T.allclose(f, f, { tol: 1 } as T.IscloseOptions)).toThrow("allclose() got an unexpected keyword argument 'tol'");
    expect(() => f.nanToNum({ posInf: 1 } as T.NanToNumOptions)).toThrow("nan_to_num() got an unexpected keyword argument 'posInf' (did you mean 'posinf'?)");
  });
  it('in-place results that do not fit self raise before writing', () => {
    const ic = i.clone();
    expect(() => ic.copysign_(f)).toThrow("result type Float can't be cast to the desired output type");
    expect(() => ic.xlogy_(ic)).toThrow("result type Float can't be cast to the desired output type");
    expect(() => ic.clampMin_(2.5)).toThrow("result type Float can't be cast to the desired output type long int");
    expect(() => ic.clampMax_(f)).toThrow("result type Float can't be cast to the desired output type");
    const bc = b.clone();
    expect(() => bc.bitwiseAnd_(i)).toThrow("can't be cast to the desired output type Bool");
    expect(() => f.clone().floatPower_(2)).toThrow("the base given to float_power_ has dtype Float but the operation's result requires dtype Double");
    expect(() => f.clone().hypot_(f.reshape([3, 1]))).toThrow("output with shape [3] doesn't match the broadcast shape [3, 3]");
    expect(Array.from(ic.toTypedArray())).toEqual([1, 2, 3]);
    expect(Array.from(bc.toTypedArray())).toEqual([1, 0, 1]);
  });
  it('bitwise ops take no gradient: float tensors are refused', () => {
    const x = T.tensor([1.5, 2], { requiresGrad: true });
    expect(() => T.bitwiseAnd(x, x)).toThrow(`"bitwise_and_cpu" not implemented for 'Float'`);
  });
});

describe('shifts past the width', () => {
  // PyTorch 2's rule (1.13 leaves it undefined): << gives 0, >> the sign, for amounts < 0 or >= the width.
  it('left shift gives 0 and right shift the sign', () => {
    const a = T.tensor([-8, 7, -1, 5], { dtype: 'int32' }), s = T.tensor([32, 40, -1, 31], { dtype: 'int32' });
    expect(T.bitwiseLeftShift(a, s).tolist()).toEqual([0, 0, 0, -2147483648]);
    expect(T.bitwiseRightShift(a, s).tolist()).toEqual([-1, 0, -1, 0]);
  });
});

describe('float64 gradcheck and gradgradcheck', () => {
  const away = (shape: number[]): Tensor => x64(shape, { away: 0.3 });
  it('copysign', () => {
    checkGrads((a, b) => T.copysign(a, b), [away([2, 3]), away([3])]);
    checkGrads((a) => T.copysign(a, -1), [away([2, 3])]);
  });
  it('hypot', () => checkGrads((a, b) => T.hypot(a, b), [away([2, 3]), away([3])]));
  it('logaddexp and logaddexp2', () => {
    checkGrads((a, b) => T.logaddexp(a, b), [x64([2, 3]), x64([2, 1])]);
    checkGrads((a, b) => T.logaddexp2(a, b), [x64([3]), x64([2, 3])]);
  });
  it('xlogy: tensor-tensor and either side a number', () => {
    checkGrads((a, b) => T.xlogy(a, b), [away([2, 3]), x64([3], { positive: true })]);
    checkGrads((b) => T.xlogy(1.7, b), [x64([2, 3], { positive: true })]);
    checkGrads((a) => T.xlogy(a, 2.5), [x64([2, 3])]);
  });
  it('nanToNum', () => checkGrads((a) => T.nanToNum(a), [x64([2, 3])]));
  it('clampMin and clampMax: a number or a tensor bound', () => {
    const bound = T.tensor([0.1, -0.2, 0.35], { dtype: 'float64', requiresGrad: true });
    const x = T.tensor([[0.5, -1, 0.9], [-0.7, 0.4, -0.1]], { dtype: 'float64', requiresGrad: true });
    checkGrads((a) => T.clampMin(a, 0.2), [x]);
    checkGrads((a) => T.clampMax(a, 0.2), [x]);
    checkGrads((a, m) => T.clampMin(a, m), [x, bound]);
    checkGrads((a, m) => T.clampMax(a, m), [x, bound]);
  });
  it('floatPower: tensor exponent, number exponent, number base', () => {
    checkGrads((a, e) => T.floatPower(a, e), [x64([2, 3], { positive: true }), x64([3])]);
    checkGrads((a) => T.floatPower(a, 2.5), [x64([2, 3], { positive: true })]);
    checkGrads((e) => T.floatPower(1.8, e), [x64([2, 3])]);
  });
});
