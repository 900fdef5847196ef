/**
 * Replays tools/parity/core_ops.py's cases (fixtures/core-ops.json): rebuilds each input with the
 * same view (so kernels meet the same strides), runs the torchlet op, and compares the output and
 * the gradients of (out * w).sum() to PyTorch's.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as T from '@torchlet/core';
import type { DType, Tensor } from '@torchlet/core';

type Num = number | boolean | string;
type Step = [string, ...unknown[]];

export interface InputSpec { shape: number[]; data: Num[]; view: Step[]; dtype: DType; grad: boolean }
export interface OutSpec { shape: number[]; dtype: DType; data: Num[] }
export interface OpCase {
  op: string;
  args: Record<string, unknown>;
  inputs: InputSpec[];
  exact: boolean;
  /** The gradients must match bit for bit too. */
  exactGrads?: boolean;
  out: OutSpec[];
  w?: Num[];
  grads?: (Num[] | null)[];
}

export const CASES: OpCase[] = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-ops.json'), 'utf8')) as { cases: OpCase[] }).cases;

function toNumber(v: Num): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}

function typed(dtype: DType, vals: Num[]): T.TypedArray {
  const n = vals.map(toNumber);
  switch (dtype) {
    case 'float32': return Float32Array.from(n);
    case 'float64': case 'int64': return Float64Array.from(n);
    case 'int32': return Int32Array.from(n);
    case 'bool': return Uint8Array.from(n);
    case 'float16': case 'bfloat16': case 'uint8': case 'int8': case 'int16': throw new Error(`no ${dtype} cases in these fixtures`);
  }
}

/** The base leaf and the view the op sees. */
export function buildInput(spec: InputSpec): [Tensor, Tensor] {
  const base = T.Tensor.fromData(typed(spec.dtype, spec.data), spec.shape.slice(), spec.dtype);
  if (spec.grad) base.requiresGrad_(true);
  let x = base;
  for (const step of spec.view) {
    const [kind, ...a] = step;
    if (kind === 't') x = x.transpose(a[0] as number, a[1] as number);
    else if (kind === 'narrow') x = x.narrow(a[0] as number, a[1] as number, a[2] as number);
    else if (kind === 'expand') x = x.expand(a[0] as number[]);
    else if (kind === 'permute') x = x.permute(a[0] as number[]);
    else if (kind === 'select') x = x.select(a[0] as number, a[1] as number);
    else throw new Error(`unknown view step ${kind}`);
  }
  return [base, x];
}

type OpFn = (x: Tensor[], a: Record<string, unknown>) => Tensor | Iterable<Tensor>;
const num = (a: Record<string, unknown>, k: string): number => a[k] as number;
const opt = (a: Record<string, unknown>, k: string): number | undefined => a[k] as number | undefined;
const other = (x: Tensor[], a: Record<string, unknown>): Tensor | number => x[1] ?? num(a, 's');
const dims = (a: Record<string, unknown>): number | number[] | undefined => a.dim as number | number[] | undefined;
const kd = (a: Record<string, unknown>): { keepdim: boolean } => ({ keepdim: Boolean(a.keepdim) });
const alpha = (a: Record<string, unknown>): { alpha: number } => ({ alpha: opt(a, 'alpha') ?? 1 });
const bound = (a: Record<string, unknown>, k: string): number | null => (a[k] === undefined || a[k] === null ? null : num(a, k));
const pNorm = (a: Record<string, unknown>): number => (a.p === undefined ? 2 : toNumber(a.p as Num));

export const OPS: Record<string, OpFn> = {
  add: (x, a) => x[0]!.add(other(x, a), alpha(a)),
  sub: (x, a) => x[0]!.sub(other(x, a), alpha(a)),
  mul: (x, a) => x[0]!.mul(other(x, a)),
  div: (x, a) => x[0]!.div(other(x, a)),
  pow: (x, a) => x[0]!.pow(other(x, a)),
  maximum: (x) => x[0]!.maximum(x[1]!),
  minimum: (x) => x[0]!.minimum(x[1]!),
  eq: (x, a) => x[0]!.eq(other(x, a)),
  ne: (x, a) => x[0]!.ne(other(x, a)),
  lt: (x, a) => x[0]!.lt(other(x, a)),
  le: (x, a) => x[0]!.le(other(x, a)),
  gt: (x, a) => x[0]!.gt(other(x, a)),
  ge: (x, a) => x[0]!.ge(other(x, a)),
  logicalAnd: (x) => x[0]!.logicalAnd(x[1]!),
  logicalOr: (x) => x[0]!.logicalOr(x[1]!),
  logicalNot: (x) => x[0]!.logicalNot(),
  isnan: (x) => x[0]!.isnan(),
  isfinite: (x) => x[0]!.isfinite(),
  neg: (x) => x[0]!.neg(),
  abs: (x) => x[0]!.abs(),
  exp: (x) => x[0]!.exp(),
  log: (x) => x[0]!.log(),
  log1p: (x) => x[0]!.log1p(),
  expm1: (x) => x[0]!.expm1(),
  sqrt: (x) => x[0]!.sqrt(),
  rsqrt: (x) => x[0]!.rsqrt(),
  sin: (x) => x[0]!.sin(),
  cos: (x) => x[0]!.cos(),
  tanh: (x) => x[0]!.tanh(),
  sigmoid: (x) => x[0]!.sigmoid(),
  relu: (x) => x[0]!.relu(),
  leakyRelu: (x, a) => x[0]!.leakyRelu(opt(a, 'slope')),
  elu: (x, a) => x[0]!.elu(opt(a, 'alpha')),
  gelu: (x, a) => x[0]!.gelu({ approximate: a.approximate === 'tanh' ? 'tanh' : 'none' }),
  silu: (x) => x[0]!.silu(),
  softplus: (x, a) => x[0]!.softplus({ beta: opt(a, 'beta'), threshold: opt(a, 'threshold') }),
  clamp: (x, a) => x[0]!.clamp(bound(a, 'min'), bound(a, 'max')),
  sign: (x) => x[0]!.sign(),
  floor: (x) => x[0]!.floor(),
  ceil: (x) => x[0]!.ceil(),
  round: (x) => x[0]!.round(),
  reciprocal: (x) => x[0]!.reciprocal(),
  square: (x) => x[0]!.square(),
  addcmul: (x, a) => x[0]!.addcmul(x[1]!, x[2]!, { value: opt(a, 'value') }),
  addcdiv: (x, a) => x[0]!.addcdiv(x[1]!, x[2]!, { value: opt(a, 'value') }),
  lerp: (x, a) => x[0]!.lerp(x[1]!, x[2] ?? num(a, 'weight')),
  sum: (x, a) => x[0]!.sum(dims(a), kd(a)),
  mean: (x, a) => x[0]!.mean(dims(a), kd(a)),
  prod: (x, a) => x[0]!.prod(opt(a, 'dim'), kd(a)),
  max: (x, a) => (a.dim === undefined ? x[0]!.max() : x[0]!.max(num(a, 'dim'), kd(a))),
  min: (x, a) => (a.dim === undefined ? x[0]!.min() : x[0]!.min(num(a, 'dim'), kd(a))),
  amax: (x, a) => x[0]!.amax(dims(a), kd(a)),
  amin: (x, a) => x[0]!.amin(dims(a), kd(a)),
  argmax: (x, a) => x[0]!.argmax(opt(a, 'dim'), kd(a)),
  argmin: (x, a) => x[0]!.argmin(opt(a, 'dim'), kd(a)),
  var: (x, a) => x[0]!.var(dims(a), { ...kd(a), correction: opt(a, 'correction') }),
  std: (x, a) => x[0]!.std(dims(a), { ...kd(a), correction: opt(a, 'correction') }),
  logsumexp: (x, a) => x[0]!.logsumexp(dims(a)!, kd(a)),
  norm: (x, a) => x[0]!.norm(pNorm(a), dims(a), kd(a)),
  all: (x, a) => x[0]!.all(dims(a), kd(a)),
  any: (x, a) => x[0]!.any(dims(a), kd(a)),
  matmul: (x) => x[0]!.matmul(x[1]!),
  mm: (x) => x[0]!.mm(x[1]!),
  mv: (x) => x[0]!.mv(x[1]!),
  bmm: (x) => x[0]!.bmm(x[1]!),
  dot: (x) => x[0]!.dot(x[1]!),
  outer: (x) => x[0]!.outer(x[1]!),
  softmax: (x, a) => x[0]!.softmax(num(a, 'dim')),
  logSoftmax: (x, a) => x[0]!.logSoftmax(num(a, 'dim')),
  add_: (x, a) => x[0]!.clone().add_(other(x, a), alpha(a)),
  sub_: (x, a) => x[0]!.clone().sub_(other(x, a), alpha(a)),
  mul_: (x, a) => x[0]!.clone().mul_(other(x, a)),
  div_: (x, a) => x[0]!.clone().div_(other(x, a)),
  clamp_: (x, a) => x[0]!.clone().clamp_(bound(a, 'min'), bound(a, 'max')),
  addcmul_: (x, a) => x[0]!.clone().addcmul_(x[1]!, x[2]!, { value: opt(a, 'value') }),
  addcdiv_: (x, a) => x[0]!.clone().addcdiv_(x[1]!, x[2]!, { value: opt(a, 'value') }),
  lerp_: (x, a) => x[0]!.clone().lerp_(x[1]!, x[2] ?? num(a, 'weight')),
  sqrt_: (x) => x[0]!.clone().sqrt_(),
  abs_: (x) => x[0]!.clone().abs_(),
  sign_: (x) => x[0]!.clone().sign_(),
  exp_: (x) => x[0]!.clone().exp_(),
  relu_: (x) => x[0]!.clone().relu_(),
};

/** |a - e| <= atol + rtol |e| elementwise (NaN matches NaN, infinities match exactly). */
export function closeTo(actual: ArrayLike<number>, expected: Num[], rtol: number, atol: number): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]), e = toNumber(expected[i]!);
    if (Number.isNaN(e) ? !Number.isNaN(a) : !Number.isFinite(e) ? a !== e : !(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      return `element ${i}: got ${a}, expected ${e}`;
    }
  }
  return null;
}

/** Bit equality after rounding to the dtype (+0 and -0 count as different, NaN equals NaN). */
export function bitEqual(actual: ArrayLike<number>, expected: Num[], dtype: DType): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]), e = dtype === 'float32' ? Math.fround(toNumber(expected[i]!)) : toNumber(expected[i]!);
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || (a === 0 && e === 0))) return `element ${i}: got ${a}, expected ${e}`;
  }
  return null;
}

function label(c: OpCase): string {
  const shapes = c.inputs.map((s) => `[${s.shape.join(',')}]${s.view.length ? '*' : ''}`).join(' ');
  return `${c.op} ${shapes} ${JSON.stringify(c.args)}`;
}

/** Registers one jest test per case whose op is in `ops`. */
export function describeFixtureCases(ops: readonly string[]): void {
  const mine = CASES.filter((c) => ops.includes(c.op));
  it('has fixture cases for every op', () => {
    for (const op of ops) expect(mine.some((c) => c.op === op)).toBe(true);
  });
  it.each(mine.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const built = c.inputs.map(buildInput);
    const result = OPS[c.op]!(built.map(([, x]) => x), c.args);
    const outs = result instanceof T.Tensor ? [result] : [...result];
    expect(outs.length).toBe(c.out.length);
    outs.forEach((o, k) => {
      const exp = c.out[k]!;
      expect(o.shape).toEqual(exp.shape);
      expect(o.dtype).toBe(exp.dtype);
      const vals = o.toTypedArray();
      expect(closeTo(vals, exp.data, 1e-5, 1e-6)).toBeNull();
      if (c.exact) expect(bitEqual(vals, exp.data, exp.dtype)).toBeNull();
    });
    if (c.grads && c.w) {
      const first = outs[0]!;
      const w = T.Tensor.fromData(typed(first.dtype, c.w), first.shape.slice(), first.dtype);
      first.mul(w).sum().backward();
      c.grads.forEach((g, i) => {
        const [base] = built[i]!;
        if (g === null) {
          expect(base.grad).toBeNull();
          return;
        }
        expect(base.grad).not.toBeNull();
        expect(base.grad!.shape).toEqual(base.shape);
        expect(closeTo(base.grad!.toTypedArray(), g, 1e-5, 1e-6)).toBeNull();
        if (c.exactGrads) expect(bitEqual(base.grad!.toTypedArray(), g, base.dtype)).toBeNull();
      });
    }
  });
}
