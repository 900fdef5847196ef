/**
 * Dtypes against torch 1.13 (fixtures/core-dtypes.json from tools/parity/core_dtypes.py): the
 * promotion table, casts of edge values between every pair, checked conversions, printing and a
 * few ops per dtype, on the js, wasm and auto backends. int64 is exact integers in doubles.
 * Known, deliberate differences (README): torchlet's default integer dtype is int32, so where
 * PyTorch picks int64 by default (integer sums, argmax, bool + int) torchlet picks int32.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  arange, backendName, empty, full, int64, long, manualSeed, randint, setBackend, tensor, zeros, type DType, type Tensor,
} from '../src';
import { wgslType } from '../src/backend/webgpu/storage';
import { fixtureOps } from './dtype-fixture-ops';

type Num = number | 'nan' | 'inf' | '-inf';
interface OpResult { dtype?: string; values?: Num[]; error?: string }
interface Fixture {
  promotion: { a: string; b: string; add: string; mul: string; div: string; eq: string; zeroDim?: string }[];
  casts: { edge: Num[]; rows: { src: string; dst: string; values: Num[]; ub: boolean[] }[] };
  checked: { dtype: string; value: number; result?: Num[]; error?: string; full?: Num[]; fullError?: string }[];
  printing: { dtype: string; data: number[]; repr: string; empty: string; scalar: string; dtypeRepr: string; type: string }[];
  ops: ({ dtype: string; a: Num[]; b: Num[] } & Record<string, OpResult>)[];
  int64: Record<string, number[] | number>;
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-dtypes.json'), 'utf8')) as Fixture;

/** The dtypes torchlet has; the fixture covers PyTorch's others too. */
const SUPPORTED: readonly string[] = ['bool', 'int32', 'int64', 'float32', 'float64'];
const has = (...ds: string[]): boolean => ds.every((d) => SUPPORTED.includes(d));

function num(v: Num): number {
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}
function list(t: Tensor): number[] {
  return Array.from(t.toTypedArray(), Number);
}
/** Where PyTorch's choice comes from its default integer dtype int64 (and indices), torchlet's is int32. */
function defaultInt(want: string, got: DType, a: string, op = ''): string {
  return want === 'int64' && got === 'int32' && (a === 'bool' || a === 'int32' || op === 'argmax') ? 'int32' : want;
}

describe.each(['js', 'wasm', 'auto'])('dtypes on %s', (name) => {
  const before = backendName();
  beforeAll(() => setBackend(name));
  afterAll(() => setBackend(before));

  it('promotes every pair of dtypes as torch.result_type', () => {
    let n = 0;
    for (const r of FIX.promotion) {
      if (!has(r.a) || (r.b !== 'int' && r.b !== 'float' && !has(r.b))) continue;
      const x = full([2], 1, { dtype: r.a as DType });
      const y: Tensor | number = r.b === 'int' ? 1 : r.b === 'float' ? 1.5 : full([2], 1, { dtype: r.b as DType });
      const add = x.add(y).dtype;
      expect([r.a, r.b, add]).toEqual([r.a, r.b, defaultInt(r.add, add, r.a)]);
      expect([r.a, r.b, x.mul(y).dtype]).toEqual([r.a, r.b, defaultInt(r.mul, x.mul(y).dtype, r.a)]);
      expect([r.a, r.b, x.div(y).dtype]).toEqual([r.a, r.b, r.div]);
      expect([r.a, r.b, x.eq(y).dtype]).toEqual([r.a, r.b, r.eq]);
      if (r.zeroDim !== undefined) expect([r.a, r.b, x.add(full([], 1, { dtype: r.b as DType })).dtype]).toEqual([r.a, r.b, r.zeroDim]);
      n++;
    }
    expect(n).toBe(5 * 5 + 5 * 2);
  });

  it('casts edge values between every pair as PyTorch (C-defined casts)', () => {
    const edge = tensor(FIX.casts.edge.map(num), { dtype: 'float64' });
    let checked = 0;
    for (const r of FIX.casts.rows) {
      if (!has(r.src, r.dst)) continue;
      const got = list(edge.to(r.src as DType).to(r.dst as DType));
      r.values.forEach((w, i) => {
        if (r.ub[i]!) return;
        expect([r.src, r.dst, FIX.casts.edge[i], got[i]]).toEqual([r.src, r.dst, FIX.casts.edge[i], num(w)]);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('checks conversions of values into a dtype as torch.tensor and torch.full do', () => {
    for (const r of FIX.checked) {
      if (!has(r.dtype)) continue;
      const dtype = r.dtype as DType;
      const beyond = dtype === 'int64' && Math.abs(r.value) > 2 ** 53; // exact doubles stop at 2^53
      const make = (): Tensor => tensor([r.value], { dtype });
      if (beyond) expect(make).toThrow("value cannot be converted to type int64 without overflow (torchlet's int64 holds integers up to 2^53 exactly)");
      else if (r.error !== undefined) expect(make).toThrow(r.error);
      else expect(list(make())).toEqual(r.result!.map(num));
      const fill = (): Tensor => full([1], r.value, { dtype });
      if (beyond) expect(fill).toThrow('value cannot be converted to type int64_t without overflow');
      else if (r.fullError !== undefined) expect(fill).toThrow(r.fullError);
      else expect(list(fill())).toEqual(r.full!.map(num));
    }
  });

  it('prints each dtype as PyTorch (int32, the default integer dtype here, without a suffix)', () => {
    for (const r of FIX.printing) {
      if (!has(r.dtype)) continue;
      const dtype = r.dtype as DType;
      const data = dtype === 'bool' ? r.data.map((v) => v !== 0) : r.data;
      const repr = dtype === 'int32' ? r.repr.replace(', dtype=torch.int32', '') : r.repr;
      expect(String(tensor(data, { dtype }))).toBe(repr);
      expect(String(tensor([], { dtype }))).toBe(r.empty);
      expect(tensor(data, { dtype }).type()).toBe(r.type);
      expect(`torch.${tensor(data, { dtype }).dtype}`).toBe(r.dtypeRepr);
    }
  });

  it('runs a few ops per dtype with PyTorch dtypes and values', () => {
    for (const r of FIX.ops) {
      if (!has(r.dtype)) continue;
      const dtype = r.dtype as DType;
      const a = tensor(r.a.map(num), { dtype }), b = tensor(r.b.map(num), { dtype });
      const run = fixtureOps(a, b);
      for (const [op, f] of Object.entries(run)) {
        const want = r[op]!;
        if (want.error !== undefined) {
          expect(f).toThrow(want.error.replace(/'(Float|Double)'/, "'$1'"));
          continue;
        }
        const got = f();
        expect([dtype, op, got.dtype]).toEqual([dtype, op, defaultInt(want.dtype!, got.dtype, r.dtype, op)]);
        const w = want.values!.map(num), g = list(got);
        if (got.dtype === 'float32') g.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(2e-7 * Math.max(1, Math.abs(w[i]!))));
        else expect([dtype, op, g]).toEqual([dtype, op, w]);
      }
    }
  });

  it('keeps int64 exact beyond int32 (up to 2^53)', () => {
    const F = FIX.int64;
    const a = tensor(F.a as number[], { dtype: int64 }), b = tensor(F.b as number[], { dtype: int64 });
    const ops: Record<string, () => Tensor> = {
      add: () => a.add(b), sub: () => a.sub(b), floorDivide: () => a.floorDivide(b), remainder: () => a.remainder(b),
      and: () => a.bitwiseAnd(b), or: () => a.bitwiseOr(b), xor: () => a.bitwiseXor(b), not: () => a.bitwiseNot(),
      shl: () => a.bitwiseLeftShift(3), shr: () => a.bitwiseRightShift(3), cumsum: () => a.cumsum(0), sum: () => a.sum(),
      toInt32: () => a.to('int32'), toFloat32: () => a.to('float32'), sort: () => a.sort().values, argsort: () => a.argsort(),
    };
    for (const [op, f] of Object.entries(ops)) {
      const t = f();
      expect([op, t.shape.length === 0 ? t.item() : t.tolist()]).toEqual([op, F[op]]);
    }
  });

  it('accepts int64 indices wherever int32 ones go', () => {
    const x = arange(12, { dtype: 'float32' }).view(3, 4);
    const i32 = tensor([2, 0]), i64 = i32.long();
    expect(i64.dtype).toBe('int64');
    expect(x.indexSelect(0, i64).tolist()).toEqual(x.indexSelect(0, i32).tolist());
    expect(x.index(i64).tolist()).toEqual(x.index(i32).tolist());
    const g = tensor([[0, 3], [1, 1], [2, 0]]);
    expect(x.gather(1, g.long()).tolist()).toEqual(x.gather(1, g).tolist());
    expect(zeros(3, 4).scatter(1, g.long(), 1).tolist()).toEqual(zeros(3, 4).scatter(1, g, 1).tolist());
    expect(zeros(3, 4).scatterAdd(1, g.long(), x.narrow(1, 0, 2)).tolist()).toEqual(zeros(3, 4).scatterAdd(1, g, x.narrow(1, 0, 2)).tolist());
    expect(x.take(i64).tolist()).toEqual([2, 0]);
    expect(zeros(3).indexAdd(0, i64, tensor([1.5, 2.5])).tolist()).toEqual([2.5, 0, 1.5]);
    expect(x.indexPut([i64], tensor(-1.0, { dtype: 'float32' })).index(2).tolist()).toEqual([-1, -1, -1, -1]);
    expect(() => x.indexSelect(0, tensor([5e9], { dtype: long }))).toThrow(/out of range/);
    expect(tensor([1, 3, 1], { dtype: long }).bincount().tolist()).toEqual([0, 2, 0, 1]);
  });

  it('makes int64 tensors with every creation function', () => {
    expect(arange(4, { dtype: long }).dtype).toBe('int64');
    expect(arange(1, 2 ** 40, 2 ** 39, { dtype: long }).tolist()).toEqual([1, 2 ** 39 + 1]);
    expect(zeros(2, { dtype: long }).tolist()).toEqual([0, 0]);
    expect(full([2], 2 ** 40, { dtype: long }).tolist()).toEqual([2 ** 40, 2 ** 40]);
    const r = randint(0, 10, [50], { dtype: long });
    expect(r.dtype).toBe('int64');
    expect(list(r).every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
    expect(tensor([1.7, -1.7, -0.2]).long().tolist()).toEqual([1, -1, 0]);
    expect(Object.is(tensor([0], { dtype: long }).mul(-1).item(), 0)).toBe(true); // never -0
    expect(tensor([5], { dtype: long }).type('float64').dtype).toBe('float64');
    expect(() => tensor([1], { dtype: long }).floorDivide(0)).toThrow('ZeroDivisionError');
  });

  it("draws int64 randint as PyTorch's generator does (torch 1.13 values)", () => {
    manualSeed(0);
    expect(randint(0, 10, [6], { dtype: long }).tolist()).toEqual([4, 9, 3, 0, 3, 9]);
    manualSeed(0);
    expect(randint(-5, 2 ** 40, [3], { dtype: long }).tolist()).toEqual([741234585336, 506077272957, 291397093751]);
    expect(() => empty([2], { dtype: long }).random_()).toThrow("torchlet's int64 holds integers up to 2^53 exactly");
  });
});

it('raises a clear error for int64 on webgpu (WGSL has no 64-bit integers)', () => {
  expect(() => wgslType('int64')).toThrow("WebGPU doesn't support 64-bit integers");
});
