/**
 * float16 and bfloat16 against torch 1.13 (fixtures/core-dtypes.json, tools/parity/core_dtypes.py):
 * casts of edge values (bit for bit), checked conversions, promotion rows, printing and a few ops,
 * on the js, wasm and auto backends; the conversions themselves on their hard cases; autograd.
 * Elements are bit patterns in a Uint16Array; every op computes in float32 and rounds once.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  arange, backendName, bfloat16, empty, float16, full, half, linspace, ones, rand, randn, setBackend, tensor, zeros, type DType, type Tensor,
} from '../src';
import { bfloat16Bits, bfloat16Value, float16Bits, float16Value } from '../src/half';
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
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-dtypes.json'), 'utf8')) as Fixture;

const HALF = ['float16', 'bfloat16'];
const SUPPORTED: readonly string[] = ['bool', 'int32', 'int64', 'float32', 'float64', ...HALF];
const has = (...ds: string[]): boolean => ds.every((d) => SUPPORTED.includes(d));
const touchesHalf = (...ds: string[]): boolean => ds.some((d) => HALF.includes(d));

function num(v: Num): number {
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}
/** Values as numbers (half types decoded through float64). */
function list(t: Tensor): number[] {
  return Array.from((HALF.includes(t.dtype) ? t.double() : t).toTypedArray(), Number);
}

describe('float16 / bfloat16 conversions', () => {
  it('rounds float32 to float16 to nearest even, with subnormals, overflow, infinities and NaN', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(65519.99)).toBe(0x7bff); // below the halfway point to 2^16
    expect(float16Bits(65520)).toBe(0x7c00); // halfway: to even, which is inf
    expect(float16Bits(-Infinity)).toBe(0xfc00);
    expect(float16Bits(NaN)).toBe(0x7e00);
    expect(float16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float16Bits(2 ** -25)).toBe(0x0000); // halfway to it: even is 0
    expect(float16Bits(3 * 2 ** -25)).toBe(0x0002); // 1.5 units: to even, 2
    expect(float16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400); // rounds up into the normals
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie: even mantissa
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: up to even
    expect(float16Value(0x0001)).toBe(2 ** -24);
    expect(float16Value(0x7bff)).toBe(65504);
    expect(float16Value(0xfc00)).toBe(-Infinity);
    expect(float16Value(0x7e00)).toBeNaN();
    for (let h = 0; h < 0x7c00; h += 7) expect(float16Bits(float16Value(h))).toBe(h); // values round trip
  });

  it('rounds float32 to bfloat16 (its top 16 bits) to nearest even', () => {
    expect(bfloat16Bits(1)).toBe(0x3f80);
    expect(bfloat16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie: even
    expect(bfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie: up to even
    expect(bfloat16Bits(3e38)).toBe(0x7f62);
    expect(bfloat16Bits(3.4e38)).toBe(0x7f80); // rounds past the largest to inf
    expect(bfloat16Bits(NaN)).toBe(0x7fc0);
    expect(bfloat16Bits(-Infinity)).toBe(0xff80);
    expect(bfloat16Bits(1e-40)).toBe(0x0001); // float32 subnormal 0x000116c2 rounds to 1
    expect(bfloat16Value(0x3f80)).toBe(1);
    expect(bfloat16Value(0xc0a0)).toBe(-5);
  });
});

describe.each(['js', 'wasm', 'auto'])('float16 / bfloat16 on %s', (name) => {
  const before = backendName();
  beforeAll(() => setBackend(name));
  afterAll(() => setBackend(before));

  it('casts edge values to and from every dtype as PyTorch (bit for bit)', () => {
    const edge = tensor(FIX.casts.edge.map(num), { dtype: 'float64' });
    let checked = 0;
    for (const r of FIX.casts.rows) {
      if (!has(r.src, r.dst) || !touchesHalf(r.src, r.dst)) continue;
      const got = list(edge.to(r.src as DType).to(r.dst as DType));
      r.values.forEach((w, i) => {
        if (r.ub[i]!) return;
        expect([r.src, r.dst, FIX.casts.edge[i], got[i]]).toEqual([r.src, r.dst, FIX.casts.edge[i], num(w)]);
        checked++;
      });
    }
    expect(checked).toBe(343); // every defined (not UB) value of the 26 pairs with a half type
  });

  it('checks conversions into half types as torch.tensor and torch.full do', () => {
    let n = 0;
    for (const r of FIX.checked) {
      if (!HALF.includes(r.dtype)) continue;
      const dtype = r.dtype as DType;
      expect(list(tensor([r.value], { dtype }))).toEqual(r.result!.map(num));
      const fill = (): Tensor => full([1], r.value, { dtype });
      if (r.fullError !== undefined) expect(fill).toThrow(r.fullError);
      else expect(list(fill())).toEqual(r.full!.map(num));
      n++;
    }
    expect(n).toBe(18);
  });

  it('promotes as torch.result_type (float16 with bfloat16 is float32, Python scalars keep the half type)', () => {
    let n = 0;
    for (const r of FIX.promotion) {
      if (!touchesHalf(r.a, r.b) || !has(r.a) || (r.b !== 'int' && r.b !== 'float' && !has(r.b))) continue;
      const x = full([2], 1, { dtype: r.a as DType });
      const y: Tensor | number = r.b === 'int' ? 1 : r.b === 'float' ? 1.5 : full([2], 1, { dtype: r.b as DType });
      expect([r.a, r.b, x.add(y).dtype, x.mul(y).dtype, x.div(y).dtype, x.eq(y).dtype]).toEqual([r.a, r.b, r.add, r.mul, r.div, r.eq]);
      if (r.zeroDim !== undefined) expect([r.a, r.b, x.add(full([], 1, { dtype: r.b as DType })).dtype]).toEqual([r.a, r.b, r.zeroDim]);
      n++;
    }
    expect(n).toBe(2 * 7 + 2 * 2 + 2 * 5);
  });

  it('prints as PyTorch, with the legacy type names', () => {
    for (const r of FIX.printing) {
      if (!HALF.includes(r.dtype)) continue;
      const dtype = r.dtype as DType;
      expect(String(tensor(r.data, { dtype }))).toBe(r.repr);
      expect(String(tensor([], { dtype }))).toBe(r.empty);
      expect(String(tensor(r.data[0]!, { dtype }))).toBe(r.scalar);
      expect(tensor(r.data, { dtype }).type()).toBe(r.type);
      expect(`torch.${dtype}`).toBe(r.dtypeRepr);
    }
    // torch 1.13: tensor([1.1921e-07], dtype=torch.float16), a subnormal
    expect(String(tensor([1e-7], { dtype: half }))).toBe('tensor([1.1921e-07], dtype=torch.float16)');
    expect(String(tensor([0.1, 1e-3], { dtype: bfloat16 }))).toBe('tensor([0.1001, 0.0010], dtype=torch.bfloat16)');
  });

  it('runs ops in float32 and rounds each result once, as PyTorch', () => {
    let compared = 0;
    for (const r of FIX.ops) {
      if (!HALF.includes(r.dtype)) continue;
      const dtype = r.dtype as DType;
      const a = tensor(r.a.map(num), { dtype }), b = tensor(r.b.map(num), { dtype });
      const run = fixtureOps(a, b);
      for (const [op, f] of Object.entries(run)) {
        const want = r[op]!;
        if (want.error !== undefined) {
          // torch 1.13 lacks some half kernels that later versions have (prod, cumsum, sqrt, exp):
          // torchlet computes them (float32, rounded); the bitwise ones raise PyTorch's error.
          if (op.startsWith('bitwise') || op === 'shiftLeft') expect(f).toThrow(want.error);
          else expect(list(f())).toEqual(list(f().float().to(dtype)));
          continue;
        }
        const got = f();
        const wantDtype = op === 'argmax' ? 'int32' : want.dtype; // torchlet's default integer dtype
        expect([dtype, op, got.dtype, list(got)]).toEqual([dtype, op, wantDtype, want.values!.map(num)]);
        compared++;
      }
    }
    expect(compared).toBe((27 - 9) + (27 - 6)); // 27 ops; 1.13 raises for 9 on float16, 6 on bfloat16
    // A Python scalar is rounded to the half type first (torch 1.13: 3 * 1.00048828125 is 3, not 3.001953125).
    expect(tensor([3], { dtype: half }).mul(1.00048828125).tolist()).toEqual([3]);
  });

  it('makes half tensors with every creation function; random fills raise until they match PyTorch', () => {
    expect(list(zeros([2], { dtype: half }))).toEqual([0, 0]);
    expect(list(ones([2], { dtype: bfloat16 }))).toEqual([1, 1]);
    expect(list(full([2], 0.1, { dtype: half }))).toEqual([0.0999755859375, 0.0999755859375]);
    expect(empty([3], { dtype: float16 }).toTypedArray()).toBeInstanceOf(Uint16Array);
    // torch 1.13: arange(0, 1, 0.1, dtype=float16)
    expect(String(arange(0, 1, 0.1, { dtype: half }))).toBe(
      'tensor([0.0000, 0.1000, 0.2000, 0.3000, 0.3999, 0.5000, 0.6001, 0.7002, 0.7998,\n        0.8999], dtype=torch.float16)');
    expect(list(linspace(0, 1, 3, { dtype: bfloat16 }))).toEqual([0, 0.5, 1]);
    expect(() => randn([2], { dtype: half })).toThrow("random fills in float16 are not supported: draw float32 and convert, e.g. torch.randn(shape).to('float16')");
    expect(() => rand([2], { dtype: bfloat16 })).toThrow('random fills in bfloat16 are not supported');
  });

  it("replays torch 1.13's arange and linspace in half types bit for bit", () => {
    const ranges = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-half-ranges.json'), 'utf8')) as
      { rows: { dtype: DType; fn: 'arange' | 'linspace'; args: [number, number, number]; bits: number[] }[] };
    for (const r of ranges.rows) {
      const [a, b, c] = r.args;
      const t = r.fn === 'arange' ? arange(a, b, c, { dtype: r.dtype }) : linspace(a, b, c, { dtype: r.dtype });
      expect([r.dtype, r.fn, r.args, Array.from(t.toTypedArray())]).toEqual([r.dtype, r.fn, r.args, r.bits]);
    }
    expect(ranges.rows.length).toBe(20);
  });

  it('converts with half(), bfloat16(), to() and type(); toTypedArray gives the bit patterns', () => {
    const x = tensor([1, -2.5, 65504, 70000]);
    const h = x.half();
    expect(h.dtype).toBe('float16');
    expect(Array.from(h.toTypedArray())).toEqual([0x3c00, 0xc100, 0x7bff, 0x7c00]);
    expect(h.tolist()).toEqual([1, -2.5, 65504, Infinity]);
    expect(x.bfloat16().tolist()).toEqual([1, -2.5, 65536, 70144]);
    expect(x.type(bfloat16).type()).toBe('torch.BFloat16Tensor');
    expect(tensor(-2.5).to('float16').item()).toBe(-2.5);
    expect(h.bfloat16().tolist()).toEqual([1, -2.5, 65536, Infinity]);
    // A strided view converts through its values.
    expect(tensor([[1, 2], [3, 4]], { dtype: half }).t().float().tolist()).toEqual([[1, 3], [2, 4]]);
  });

  it('writes into strided half outputs and in place', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: bfloat16 });
    x.t().mul_(0.5);
    expect(x.tolist()).toEqual([[0.5, 1], [1.5, 2]]);
    const y = zeros([2, 2], { dtype: half });
    y.select(1, 0).copy_(tensor([7.1, 8]));
    expect(y.tolist()).toEqual([[7.1015625, 0], [8, 0]]);
    expect(tensor([[1, 2], [3, 4]], { dtype: half }).matmul(tensor([[1], [1]], { dtype: half })).tolist()).toEqual([[3], [7]]);
  });

  it('differentiates through half tensors with gradients in the half dtype', () => {
    const w = tensor([1, 2, 3], { dtype: half, requiresGrad: true });
    w.mul(w).sum().backward();
    expect(w.grad!.dtype).toBe('float16');
    expect(w.grad!.tolist()).toEqual([2, 4, 6]); // torch 1.13
    const v = tensor([1, 2, 3], { dtype: bfloat16, requiresGrad: true });
    v.float().mul(2).sum().backward();
    expect([v.grad!.dtype, v.grad!.tolist()]).toEqual(['bfloat16', [2, 2, 2]]);
  });
});

it('raises a clear error for half types on webgpu', () => {
  expect(() => wgslType('float16')).toThrow("WebGPU doesn't support float16 yet");
  expect(() => wgslType('bfloat16')).toThrow("WebGPU doesn't support bfloat16 yet");
});
