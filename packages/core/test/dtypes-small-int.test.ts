/**
 * uint8, int8 and int16 against torch 1.13 (fixtures/core-dtypes.json from tools/parity/core_dtypes.py):
 * promotion with every other dtype, casts of edge values, checked conversions, printing and a few
 * ops per dtype (C's wrap-around: uint8 200 + 100 is 44), on the js, wasm and auto backends.
 * Known difference (README): integer sums, products, cumsums and argmax are int32 here, int64 in PyTorch.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  arange, backendName, full, int16, int8, randint, setBackend, short, tensor, uint8, zeros, type DType, type Tensor,
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
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-dtypes.json'), 'utf8')) as Fixture;

const SMALL: readonly string[] = ['uint8', 'int8', 'int16'];
const ALL: readonly string[] = ['bool', ...SMALL, 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64'];

function num(v: Num): number {
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}
/** The values, row-major (half types decoded). */
function list(t: Tensor): number[] {
  return t.dtype === 'float16' || t.dtype === 'bfloat16' ? (t.flatten().tolist() as number[]) : Array.from(t.toTypedArray(), Number);
}
/** PyTorch's int64 results of integer reductions and scalar promotion are int32 here (torchlet's default integer dtype). */
function defaultInt(want: string, got: DType, a: string, op = ''): string {
  const int32Here = a === 'bool' || a === 'int32' || SMALL.includes(a) || op === 'argmax';
  return want === 'int64' && got === 'int32' && int32Here ? 'int32' : want;
}

describe.each(['js', 'wasm', 'auto'])('uint8, int8, int16 on %s', (name) => {
  const before = backendName();
  beforeAll(() => setBackend(name));
  afterAll(() => setBackend(before));

  it('promotes with every dtype and with scalars as torch.result_type', () => {
    let n = 0;
    for (const r of FIX.promotion) {
      if (!(SMALL.includes(r.a) || SMALL.includes(r.b)) || !ALL.includes(r.a)) continue;
      if (r.b !== 'int' && r.b !== 'float' && !ALL.includes(r.b)) continue;
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
    // 3 small types as a with 10 dtypes and 2 scalars, and as b beside the 7 others
    expect(n).toBe(3 * 12 + 7 * 3);
    expect(full([1], 1, { dtype: uint8 }).add(full([1], 1, { dtype: int8 })).dtype).toBe('int16');
  });

  it('casts edge values to and from every dtype as PyTorch (C-defined casts)', () => {
    const edge = tensor(FIX.casts.edge.map(num), { dtype: 'float64' });
    let checked = 0;
    for (const r of FIX.casts.rows) {
      if (!(SMALL.includes(r.src) || SMALL.includes(r.dst))) continue;
      const got = list(edge.to(r.src as DType).to(r.dst as DType));
      r.values.forEach((w, i) => {
        if (r.ub[i]!) return;
        expect([r.src, r.dst, FIX.casts.edge[i], got[i]]).toEqual([r.src, r.dst, FIX.casts.edge[i], num(w)]);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(150);
    // the unchecked casts wrap as C does (x86's values where C leaves them undefined)
    expect(list(tensor([300, -1, 256, 65504]).to(uint8))).toEqual([44, 255, 0, 224]);
    expect(list(tensor([200, 128, -129]).to(int8))).toEqual([-56, -128, 127]);
    expect(list(tensor([40000, -32769]).to(int16))).toEqual([-25536, 32767]);
    expect(list(tensor([255.7, -1.5, NaN, 3e9], { dtype: 'float32' }).byte())).toEqual([255, 255, 0, 0]);
  });

  it('checks values in tensor() and full() with PyTorch\'s overflow error', () => {
    let n = 0;
    for (const r of FIX.checked) {
      if (!SMALL.includes(r.dtype)) continue;
      const dtype = r.dtype as DType;
      const make = (): Tensor => tensor([r.value], { dtype });
      if (r.error !== undefined) expect(make).toThrow(r.error);
      else expect(list(make())).toEqual(r.result!.map(num));
      const fill = (): Tensor => full([1], r.value, { dtype });
      if (r.fullError !== undefined) expect(fill).toThrow(r.fullError);
      else expect(list(fill())).toEqual(r.full!.map(num));
      n++;
    }
    expect(n).toBe(27);
    expect(() => tensor(new Float32Array([300]), { dtype: uint8 })).toThrow('value cannot be converted to type uint8 without overflow');
  });

  it('prints as PyTorch, with the legacy type names', () => {
    for (const r of FIX.printing) {
      if (!SMALL.includes(r.dtype)) continue;
      const dtype = r.dtype as DType;
      expect(String(tensor(r.data, { dtype }))).toBe(r.repr);
      expect(String(tensor([], { dtype }))).toBe(r.empty);
      expect(String(tensor(r.data[0]!, { dtype }))).toBe(r.scalar);
      expect(tensor(r.data, { dtype }).type()).toBe(r.type);
      expect(`torch.${tensor(r.data, { dtype }).dtype}`).toBe(r.dtypeRepr);
    }
  });

  it('runs a few ops per dtype with PyTorch dtypes and values (wrapping as C)', () => {
    let n = 0;
    for (const r of FIX.ops) {
      if (!SMALL.includes(r.dtype)) continue;
      const dtype = r.dtype as DType;
      const a = tensor(r.a.map(num), { dtype }), b = tensor(r.b.map(num), { dtype });
      const run = fixtureOps(a, b);
      for (const [op, f] of Object.entries(run)) {
        const want = r[op]!;
        if (want.error !== undefined) {
          expect(f).toThrow(want.error);
          continue;
        }
        const got = f();
        expect([dtype, op, got.dtype]).toEqual([dtype, op, defaultInt(want.dtype!, got.dtype, r.dtype, op)]);
        const w = want.values!.map(num), g = list(got);
        if (got.dtype === 'float32') g.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(2e-7 * Math.max(1, Math.abs(w[i]!))));
        else expect([dtype, op, g]).toEqual([dtype, op, w]);
        n++;
      }
    }
    expect(n).toBe(3 * 27);
  });

  it('wraps results as C: uint8 200 + 100 is 44', () => {
    const a = tensor([200, 10], { dtype: uint8 });
    expect(list(a.add(tensor([100, 5], { dtype: uint8 })))).toEqual([44, 15]);
    expect(list(a.add(100))).toEqual([44, 110]);
    expect(list(a.mul(2))).toEqual([144, 20]);
    expect(list(tensor([127], { dtype: int8 }).add(1))).toEqual([-128]);
    expect(list(tensor([32767], { dtype: short }).add(1))).toEqual([-32768]);
    // in place and through a strided view
    const m = tensor([[250, 1], [2, 3]], { dtype: uint8 });
    m.t().add_(10);
    expect(m.tolist()).toEqual([[4, 11], [12, 13]]);
    m.fill_(-1);
    expect(list(m)).toEqual([255, 255, 255, 255]);
  });

  it('keeps its typed array: toTypedArray, typed array inputs, creation functions', () => {
    expect(tensor([1, 2], { dtype: uint8 }).toTypedArray()).toBeInstanceOf(Uint8Array);
    expect(tensor([1, 2], { dtype: int8 }).toTypedArray()).toBeInstanceOf(Int8Array);
    expect(tensor([1, 2], { dtype: int16 }).toTypedArray()).toBeInstanceOf(Int16Array);
    expect(tensor(new Uint8Array([1, 255])).dtype).toBe('uint8');
    expect(tensor(new Int8Array([-1])).dtype).toBe('int8');
    expect(tensor(new Int16Array([-1])).dtype).toBe('int16');
    expect(tensor([1, 0], { dtype: uint8 }).bool().tolist()).toEqual([true, false]);
    expect(tensor([true, false]).byte().tolist()).toEqual([1, 0]);
    expect(tensor([3, 4]).char().dtype).toBe('int8');
    expect(tensor([3, 4]).short().dtype).toBe('int16');
    expect(zeros(2, { dtype: uint8 }).dtype).toBe('uint8');
    expect(arange(250, 256, 2, { dtype: uint8 }).tolist()).toEqual([250, 252, 254]);
    expect(() => arange(250, 260, 2, { dtype: uint8 })).toThrow('value cannot be converted to type uint8_t without overflow');
    const r = randint(0, 256, [200], { dtype: uint8 });
    expect(r.dtype).toBe('uint8');
    expect(r.max().item()).toBeGreaterThan(200);
    // uint8 is not bool: comparisons, where and sums see the numbers
    const u = tensor([2, 0, 7], { dtype: uint8 });
    expect(u.sum().item()).toBe(9);
    expect(u.gt(1).tolist()).toEqual([true, false, true]);
    expect(u.clone().tolist()).toEqual([2, 0, 7]);
    expect(u.float().tolist()).toEqual([2, 0, 7]);
    expect(u.bincount().tolist()).toEqual([1, 0, 1, 0, 0, 0, 0, 1]);
    // a uint8 index is a mask (PyTorch's deprecated byte indexing); int8 / int16 indices are refused as PyTorch does
    expect(tensor([10, 20, 30]).index(u).tolist()).toEqual([10, 30]);
    expect(() => tensor([10, 20, 30]).index(tensor([1], { dtype: int8 }))).toThrow('tensors used as indices must be long, byte or bool tensors');
  });

  it('is refused on webgpu with a clear error', () => {
    for (const d of ['uint8', 'int8', 'int16'] as const) expect(() => wgslType(d)).toThrow(`WebGPU doesn't support ${d} yet. Please use int32 instead (x.int())`);
  });
});
