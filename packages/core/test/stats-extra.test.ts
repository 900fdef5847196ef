/**
 * Issue 12's statistics against PyTorch (fixtures/core-stats-extra.json from
 * tools/parity/core_stats_extra.py): values, indices and gradients on contiguous, transposed,
 * narrowed, expanded, 0-d and zero-size inputs; PyTorch's errors; float64 gradchecks.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as T from '@torchlet/core';
import type { DType, Tensor } from '@torchlet/core';
import { bitEqual, buildInput, closeTo, type InputSpec, type OutSpec } from './core-ops-fixture';
import { checkGrads, x64 } from './check-helpers';

type Num = number | boolean | string;
type Args = Record<string, unknown>;
interface StatCase { op: string; args: Args; input: InputSpec; out: OutSpec[]; w?: (Num[] | null)[]; grad?: Num[] | null }
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-stats-extra.json'), 'utf8')) as {
  stats: StatCase[];
  statErrors: Record<string, string>;
};

const dimOf = (a: Args): number | number[] | undefined => a.dim as number | number[] | undefined;
const keep = (a: Args): { keepdim?: boolean } => (a.keepdim === undefined ? {} : { keepdim: a.keepdim as boolean });
const varOpts = (a: Args): T.VarOptions => ({
  ...keep(a),
  ...(a.correction === undefined ? {} : { correction: a.correction as number }),
  ...(a.unbiased === undefined ? {} : { unbiased: a.unbiased as boolean }),
});
const qOf = (x: Tensor, a: Args): number | Tensor => (a.q !== undefined ? (a.q as number) : T.tensor(a.qs as number[], { dtype: x.dtype }));
const quantOpts = (a: Args): T.QuantileOptions => ({ ...keep(a), ...(a.interpolation ? { interpolation: a.interpolation as T.QuantileInterpolation } : {}) });

/** Each op as the fixture's Python calls it (methods where PyTorch has one, to cover them too). */
const OPS: Record<string, (x: Tensor, a: Args) => Tensor | Iterable<Tensor>> = {
  stdMean: (x, a) => T.stdMean(x, dimOf(a), varOpts(a)),
  varMean: (x, a) => T.varMean(x, dimOf(a), varOpts(a)),
  aminmax: (x, a) => x.aminmax({ ...keep(a), ...(a.dim === undefined ? {} : { dim: a.dim as number }) }),
  nansum: (x, a) => x.nansum(dimOf(a), keep(a)),
  nanmean: (x, a) => T.nanmean(x, dimOf(a), keep(a)),
  median: (x, a) => (a.dim === undefined ? x.median() : x.median(a.dim as number, keep(a))),
  nanmedian: (x, a) => (a.dim === undefined ? T.nanmedian(x) : x.nanmedian(a.dim as number, keep(a))),
  mode: (x, a) => (a.dim === undefined ? x.mode() : T.mode(x, a.dim as number, keep(a))),
  quantile: (x, a) => x.quantile(qOf(x, a), a.dim as number | undefined, quantOpts(a)),
  nanquantile: (x, a) => T.nanquantile(x, qOf(x, a), a.dim as number | undefined, quantOpts(a)),
  logcumsumexp: (x, a) => x.logcumsumexp(a.dim as number),
  cummax: (x, a) => x.cummax(a.dim as number),
  cummin: (x, a) => x.cummin(a.dim as number),
};

function typedOf(dtype: DType, vals: Num[]): T.TypedArray {
  const n = vals.map((v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v)));
  return dtype === 'float32' ? Float32Array.from(n) : Float64Array.from(n);
}

const label = (c: StatCase): string => `${c.op} [${c.input.shape.join(',')}]${c.input.view.length ? '*' : ''} ${c.input.dtype} ${JSON.stringify(c.args)}`;

describe('statistics against PyTorch', () => {
  it('covers every op', () => {
    for (const op of Object.keys(OPS)) expect(FIXTURE.stats.some((c) => c.op === op)).toBe(true);
  });

  it.each(FIXTURE.stats.map((c) => [label(c), c] as const))('%s', (_n, c) => {
    const [base, x] = buildInput(c.input);
    const result = OPS[c.op]!(x, c.args);
    const outs = result instanceof T.Tensor ? [result] : [...result];
    expect(outs.length).toBe(c.out.length);
    // Order statistics and selections are exact; sums and interpolations within float tolerance.
    const exact = ['aminmax', 'median', 'nanmedian', 'mode', 'cummax', 'cummin'].includes(c.op);
    const tol = c.input.dtype === 'float64' ? 1e-10 : 1e-5;
    outs.forEach((o, k) => {
      const e = c.out[k]!;
      expect(o.shape).toEqual(e.shape);
      expect(o.dtype).toBe(e.dtype);
      expect(closeTo(o.toTypedArray(), e.data, tol, tol / 10)).toBeNull();
      if (exact) expect(bitEqual(o.toTypedArray(), e.data, e.dtype)).toBeNull();
    });
    if (c.w && c.grad !== undefined) {
      let loss: Tensor | null = null;
      outs.forEach((o, k) => {
        const w = c.w![k];
        if (!w) return;
        const term = o.mul(T.Tensor.fromData(typedOf(o.dtype, w), o.shape.slice(), o.dtype)).sum();
        loss = loss === null ? term : loss.add(term);
      });
      expect(loss).not.toBeNull();
      loss!.backward();
      if (c.grad === null) expect(base.grad).toBeNull();
      else {
        expect(base.grad!.shape).toEqual(base.shape);
        expect(closeTo(base.grad!.toTypedArray(), c.grad, tol, tol / 10)).toBeNull();
      }
    }
  });
});

describe('statistics: node names, errors and options', () => {
  const E = FIXTURE.statErrors;
  it('raises PyTorch errors', () => {
    expect(() => T.median(T.tensor([true, false]))).toThrow(E.median_bool);
    expect(() => T.median(T.zeros(2, 0), 1)).toThrow(E.median_dim_empty);
    expect(() => T.median(T.tensor([true, false]), 0)).toThrow(E.median_dim_bool);
    expect(() => T.nanmedian(T.tensor([true, false]))).toThrow(E.nanmedian_bool);
    expect(() => T.mode(T.zeros(2, 0), 1)).toThrow(E.mode_dim_empty);
    expect(() => T.aminmax(T.zeros(0))).toThrow(E.aminmax_empty);
    expect(() => T.aminmax(T.zeros(2, 0), { dim: 1 })).toThrow(E.aminmax_dim_empty);
    expect(() => T.nanmean(T.tensor([1, 2]))).toThrow(E.nanmean_int);
    expect(() => T.stdMean(T.tensor([1, 2]))).toThrow(E.std_mean_int);
    expect(() => T.varMean(T.tensor([1, 2]))).toThrow(E.var_mean_int);
    expect(() => T.logcumsumexp(T.tensor([1, 2]), 0)).toThrow(E.logcumsumexp_int);
    const f = T.tensor([1, 2], { dtype: 'float32' });
    // @ts-expect-error -- a bad interpolation is rejected at run time too
    expect(() => T.quantile(f, 0.5, undefined, { interpolation: 'typo' })).toThrow(E.quantile_interpolation);
    expect(() => T.quantile(f, 1.5)).toThrow(E.quantile_q_range);
    expect(() => T.quantile(f, T.tensor([0.1, 2]))).toThrow(E.quantile_q_values);
    expect(() => T.quantile(f, T.tensor([[0.5]]))).toThrow(E.quantile_q_dims);
    expect(() => T.quantile(T.zeros(0), 0.5)).toThrow(E.quantile_empty);
    expect(() => T.quantile(T.tensor([1, 2]), 0.5)).toThrow(E.quantile_int);
    expect(() => T.quantile(f, T.tensor([0.5], { dtype: 'float64' }))).toThrow(E.quantile_q_dtype);
    expect(() => T.nanquantile(f, -0.5)).toThrow(E.nanquantile_q_range);
  });

  it('rejects unknown options', () => {
    const x = T.randn(3, 4);
    expect(() => T.stdMean(x, 1, { keepDim: true } as T.VarOptions)).toThrow("std_mean() got an unexpected keyword argument 'keepDim' (did you mean 'keepdim'?)");
    expect(() => x.quantile(0.5, 1, { interp: 'lower' } as T.QuantileOptions)).toThrow("quantile() got an unexpected keyword argument 'interp'");
    expect(() => x.aminmax({ dims: 1 } as T.AminmaxOptions)).toThrow("aminmax() got an unexpected keyword argument 'dims' (did you mean 'dim'?)");
  });

  it('names the nodes as PyTorch', () => {
    const x = T.randn(3, 4, { requiresGrad: true });
    const [s, m] = T.stdMean(x, 1);
    expect([s.gradFn?.name, m.gradFn?.name]).toEqual(['StdMeanBackward0', 'StdMeanBackward0']);
    expect(T.varMean(x)[0].gradFn?.name).toBe('VarMeanBackward0');
    expect(x.nansum().gradFn?.name).toBe('NansumBackward0');
    expect(x.median().gradFn?.name).toBe('MedianBackward0');
    expect(x.median(1).values.gradFn?.name).toBe('MedianBackward1');
    expect(x.nanmedian(0).values.gradFn?.name).toBe('NanmedianBackward1');
    expect(x.mode(1).values.gradFn?.name).toBe('ModeBackward0');
    expect(x.logcumsumexp(1).gradFn?.name).toBe('LogcumsumexpBackward0');
    expect(x.aminmax().min.gradFn?.name).toBe('AminmaxBackward0');
    expect(x.cummax(1).values.gradFn?.name).toBe('CummaxBackward0');
  });

  it('aminmax destructures as a tuple and reads as a named tuple', () => {
    const r = T.aminmax(T.tensor([[3, 1], [2, 5]]), { dim: 0 });
    const [lo, hi] = r;
    expect([lo.tolist(), hi.tolist(), r.min.tolist(), r.max.tolist(), r.length]).toEqual([[2, 1], [3, 5], [2, 1], [3, 5], 2]);
  });
});

describe('statistics: float64 gradcheck', () => {
  beforeAll(() => T.manualSeed(12));
  it('stdMean / varMean', () => {
    checkGrads((x) => { const [s, m] = T.stdMean(x, 1); return s.add(m.mul(2)); }, [x64([3, 4])]);
    checkGrads((x) => { const [v, m] = T.varMean(x, [0], { correction: 0, keepdim: true }); return v.sub(m); }, [x64([3, 4])]);
  });
  it('aminmax', () => {
    checkGrads((x) => { const { min, max } = T.aminmax(x, { dim: 1 }); return min.add(max.mul(3)); }, [x64([3, 4])]);
  });
  it('nansum / nanmean', () => {
    checkGrads((x) => T.nansum(x, 1), [x64([3, 4])]);
    checkGrads((x) => T.nanmean(x, 0, { keepdim: true }), [x64([3, 4])]);
  });
  it('median / nanmedian / mode', () => {
    checkGrads((x) => T.median(x), [x64([3, 5])]);
    checkGrads((x) => T.median(x, 1).values, [x64([3, 4])]);
    checkGrads((x) => T.nanmedian(x, 0, { keepdim: true }).values, [x64([3, 4])]);
    checkGrads((x) => T.nanmedian(x), [x64([2, 3])]);
    checkGrads((x) => T.mode(x, 1).values, [x64([3, 4])]);
  });
  it('quantile / nanquantile', () => {
    checkGrads((x) => T.quantile(x, 0.3, 1), [x64([3, 5])]);
    checkGrads((x) => T.quantile(x, T.tensor([0.2, 0.9], { dtype: 'float64' })), [x64([2, 4])]);
    checkGrads((x) => T.nanquantile(x, 0.6, 0, { interpolation: 'midpoint' }), [x64([4, 3])]);
  });
  it('logcumsumexp / cummax', () => {
    checkGrads((x) => T.logcumsumexp(x, 1), [x64([3, 4])]);
    checkGrads((x) => x.cummin(0).values, [x64([4, 3])]);
  });
});

describe('torch.norm string and special orders (issue 12 audit)', () => {
  it("raises PyTorch's error for an unknown string and computes 'nuc' as the nuclear norm", () => {
    const x = T.tensor([[3, 0], [0, -4]]).double();
    expect(() => T.norm(x, 'typo' as never)).toThrow("only valid string values are 'fro' and 'nuc', found typo");
    expect(T.norm(x, 'nuc').item()).toBeCloseTo(7, 12);
    expect(() => T.norm(T.zeros(2, 2, 2), 'nuc')).toThrow('Expected a tensor with 2 dimensions, but got a tensor with 3 dimensions instead.');
    expect(() => T.norm(x, 'nuc', 1)).toThrow("nuclear norm requires a 'dim' argument of size 2");
  });
  it('inf and 0 orders record NormBackward1 with PyTorch gradients', () => {
    const x = T.tensor([[1, -3], [3, 2]]).double().requiresGrad_(true);
    const n = T.norm(x, Infinity);
    expect(n.gradFn?.name).toBe('NormBackward1');
    n.backward();
    expect(x.grad!.tolist()).toEqual([[0, -0.5], [0.5, 0]]);
    const z = T.tensor([1, 0, 2]).double().requiresGrad_(true);
    T.norm(z, 0).backward();
    expect(z.grad!.tolist()).toEqual([0, 0, 0]);
    const y = T.randn([3, 4], { dtype: 'float64', requiresGrad: true });
    expect(T.gradcheck((t) => T.norm(t, -Infinity, 1), [y])).toBe(true);
  });
});
