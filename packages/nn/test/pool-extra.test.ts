/**
 * N-d pooling against PyTorch (fixtures from tools/parity/nn_pool_extra.py): 1-D/3-D max and
 * average, adaptive max/avg, LP, fractional and unpooling: values, indices, input gradients, the
 * node name, non-contiguous and unbatched inputs, PyTorch's errors and reprs; float64 gradchecks.
 */
import { Tensor, manualSeed, randn, tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_pool_extra.json';
import { camel, expectClose, expectExact, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

/** The generators' backward weights: w[i] = sin(0.7 i + 0.3) in out's dtype. */
function probe(out: Tensor): Tensor {
  const w = Float64Array.from({ length: out.numel() }, (_, i) => Math.sin(0.7 * i + 0.3));
  return Tensor.fromData(w, out.shape.slice(), 'float64').to(out.dtype);
}

interface PoolCase {
  name: string;
  op: string;
  x: TensorJson;
  transpose: boolean;
  args: unknown[];
  kwargs: Record<string, unknown>;
  out: TensorJson;
  grad: TensorJson;
  grad_fn: string | null;
  indices?: TensorJson;
  indices_in?: TensorJson;
}

type Result = Tensor | [Tensor, Tensor];
type Kw = Record<string, unknown>;
const k = (v: unknown): number | number[] => v as number | number[];
const sizeOf = (v: unknown): number | (number | null)[] => v as number | (number | null)[];

/** The kwargs as torchlet options (tensors decoded, `_random_samples` -> randomSamples). */
function options(kw: Kw): Kw {
  const o = camel(kw);
  if ('RandomSamples' in o) {
    o.randomSamples = fromJson(o.RandomSamples as TensorJson);
    delete o.RandomSamples;
  }
  return o;
}

const OPS: Record<string, (x: Tensor, a: unknown[], o: Kw, idx: Tensor | null) => Result> = {
  max_pool1d: (x, a, o) => F.maxPool1d(x, k(a[0]), o),
  max_pool2d: (x, a, o) => F.maxPool2d(x, k(a[0]), o),
  max_pool3d: (x, a, o) => F.maxPool3d(x, k(a[0]), o),
  avg_pool1d: (x, a, o) => F.avgPool1d(x, k(a[0]), o),
  avg_pool2d: (x, a, o) => F.avgPool2d(x, k(a[0]), o),
  avg_pool3d: (x, a, o) => F.avgPool3d(x, k(a[0]), o),
  adaptive_max_pool1d: (x, a, o) => F.adaptiveMaxPool1d(x, sizeOf(a[0]), o),
  adaptive_max_pool2d: (x, a, o) => F.adaptiveMaxPool2d(x, sizeOf(a[0]), o),
  adaptive_max_pool3d: (x, a, o) => F.adaptiveMaxPool3d(x, sizeOf(a[0]), o),
  adaptive_avg_pool1d: (x, a) => F.adaptiveAvgPool1d(x, sizeOf(a[0])),
  adaptive_avg_pool3d: (x, a) => F.adaptiveAvgPool3d(x, sizeOf(a[0])),
  lp_pool1d: (x, a, o) => F.lpPool1d(x, a[0] as number, k(a[1]), o),
  lp_pool2d: (x, a, o) => F.lpPool2d(x, a[0] as number, k(a[1]), o),
  fractional_max_pool2d: (x, a, o) => F.fractionalMaxPool2d(x, k(a[0]), o),
  max_unpool1d: (x, a, o, idx) => F.maxUnpool1d(x, idx!, k(a[0]), o),
  max_unpool2d: (x, a, o, idx) => F.maxUnpool2d(x, idx!, k(a[0]), o),
  max_unpool3d: (x, a, o, idx) => F.maxUnpool3d(x, idx!, k(a[0]), o),
};

const cases = fixture.cases as unknown as PoolCase[];

describe('pools against PyTorch (forward, indices, backward)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const x = fromJson(c.x).requiresGrad_();
    const input = c.transpose ? x.transpose(-1, -2) : x;
    if (c.transpose) expect(input.isContiguous()).toBe(false);
    const idxIn = c.indices_in === undefined ? null : fromJson(c.indices_in);
    const res = OPS[c.op]!(input, c.args, options(c.kwargs), idxIn);
    const [out, indices] = Array.isArray(res) ? res : [res, null];
    const tol = out.dtype === 'float64' ? 1e-10 : 1e-5;
    expectClose(out, c.out, tol, tol / 10);
    if (c.indices !== undefined) expectExact(indices!, c.indices);
    else expect(indices).toBeNull();
    expect(out.gradFn?.name ?? null).toBe(c.grad_fn);
    out.mul(probe(out)).sum().backward();
    expectClose(x.grad!, c.grad, tol, tol / 10);
  });
});

describe('fractionalMaxPool2d draws its samples like PyTorch', () => {
  it('matches torch.manual_seed draws (float32 and float64)', () => {
    const s = fixture.seeded as unknown as Record<string, TensorJson>;
    const x = fromJson(s.x!);
    manualSeed(11);
    const [out, idx] = F.fractionalMaxPool2d(x, 2, { outputRatio: 0.5, returnIndices: true });
    expectClose(out, s.out!);
    expectExact(idx, s.indices!);
    manualSeed(11);
    expectClose(F.fractionalMaxPool2d(x.double(), [3, 2], { outputSize: [4, 5] }), s.out64!, 1e-12, 0);
  });
});

const ERRORS: Record<string, () => unknown> = {
  'max1d rank': () => F.maxPool1d(randn(1, 2, 3, 4), 2),
  'max1d empty': () => F.maxPool1d(randn(1, 2, 0), 2),
  'max2d empty channel': () => F.maxPool2d(randn(1, 0, 4, 4), 2),
  'max3d rank': () => F.maxPool3d(randn(2, 4, 4), 2),
  'max3d pad': () => F.maxPool3d(randn(1, 1, 4, 4, 4), 2, { padding: 2 }),
  'max3d too small': () => F.maxPool3d(randn(1, 2, 4, 4, 4), 5),
  'max stride zero': () => F.maxPool1d(randn(1, 2, 6), 2, { stride: 0 }),
  'max1d pad': () => F.maxPool1d(randn(1, 2, 6), 2, { padding: 2 }),
  'max2d stride zero': () => F.maxPool2d(randn(1, 2, 6, 6), 2, { stride: 0 }),
  'max2d dilation zero': () => F.maxPool2d(randn(1, 2, 6, 6), 2, { dilation: 0 }),
  'avg1d rank': () => F.avgPool1d(randn(1, 2, 3, 4), 2),
  'avg1d empty': () => F.avgPool1d(randn(1, 0, 4), 2),
  'avg1d too small': () => F.avgPool1d(randn(1, 2, 6), 7),
  'avg2d rank': () => F.avgPool2d(randn(4, 4), 2),
  'avg3d rank': () => F.avgPool3d(randn(4, 4, 4), 2),
  'avg3d kernel': () => F.avgPool3d(randn(1, 2, 4, 4, 4), 5, { padding: 2 }),
  'avg3d divisor': () => F.avgPool3d(randn(1, 2, 4, 4, 4), 2, { divisorOverride: 0 }),
  'avg3d pad': () => F.avgPool3d(randn(1, 2, 4, 4, 4), 2, { padding: 2 }),
  'amax1d rank': () => F.adaptiveMaxPool1d(randn(1, 2, 3, 4), 2),
  'amax1d size': () => F.adaptiveMaxPool1d(randn(1, 2, 4), [2, 2]),
  'amax2d rank': () => F.adaptiveMaxPool2d(randn(4, 4), 2),
  'amax2d size': () => F.adaptiveMaxPool2d(randn(1, 2, 4, 4), [2, 2, 2]),
  'amax3d rank': () => F.adaptiveMaxPool3d(randn(4, 4, 4), 2),
  'amax2d empty': () => F.adaptiveMaxPool2d(randn(1, 2, 0, 4), 2),
  'aavg1d rank': () => F.adaptiveAvgPool1d(randn(4), 2),
  'aavg3d rank': () => F.adaptiveAvgPool3d(randn(1, 2, 6), 2),
  'aavg3d empty': () => F.adaptiveAvgPool3d(randn(1, 2, 0, 4, 4), 2),
  'lp2d rank': () => F.lpPool2d(randn(5, 5), 2, 2),
  'frac none': () => F.fractionalMaxPool2d(randn(1, 2, 6, 6), 2),
  'frac height': () => F.fractionalMaxPool2d(randn(1, 2, 6, 6), 2, { outputSize: 6 }),
  'frac width': () => F.fractionalMaxPool2d(randn(1, 2, 8, 6), 2, { outputSize: [4, 6] }),
  'frac rank': () => F.fractionalMaxPool2d(randn(4, 4), 2, { outputSize: 2 }),
  'frac module ratio': () => new nn.FractionalMaxPool2d(2, { outputRatio: 1.5 }),
  'frac module none': () => new nn.FractionalMaxPool2d(2),
  'unpool2d rank': () => F.maxUnpool2d(randn(2, 2), zeros(2, 2, { dtype: 'int32' }), 2),
  'unpool3d rank': () => F.maxUnpool3d(randn(2, 2, 2), zeros(2, 2, 2, { dtype: 'int32' }), 2),
  'unpool shape': () => F.maxUnpool2d(randn(1, 2, 2, 2), zeros(1, 2, 2, 3, { dtype: 'int32' }), 2),
  'unpool1d index': () => F.maxUnpool1d(randn(1, 2, 2), tensor([[[0, 9], [0, 1]]]), 2),
  'unpool3d index': () => F.maxUnpool3d(randn(1, 1, 1, 1, 2), tensor([[[[[0, 99]]]]]), 2),
  'unpool2d size': () => F.maxUnpool2d(randn(1, 2, 3, 3), zeros(1, 2, 3, 3, { dtype: 'int32' }), 2, { outputSize: [9, 9] }),
  'unpool2d size len': () => F.maxUnpool2d(randn(1, 2, 2, 2), zeros(1, 2, 2, 2, { dtype: 'int32' }), 2, { outputSize: [1, 2, 3, 4, 5] }),
};

describe("errors in PyTorch's words", () => {
  it.each(fixture.errors.map((e) => [e.name, e.message] as const))('%s', (name, message) => {
    const thunk = ERRORS[name];
    expect(thunk).toBeDefined();
    expect(thunk!).toThrow(message);
  });
  it('unknown options name the nearest keyword', () => {
    expect(() => F.maxPool3d(randn(1, 1, 2, 2, 2), 2, { ceil_mode: true } as never)).toThrow("max_pool3d() got an unexpected keyword argument 'ceil_mode' (did you mean 'ceilMode'?)");
    expect(() => new nn.AvgPool1d(2, { divisorOverride: 2 } as never)).toThrow("AvgPool1d() got an unexpected keyword argument 'divisorOverride'");
  });
});

describe('modules', () => {
  const MODULES: Record<string, () => nn.AnyModule> = {
    MaxPool1d: () => new nn.MaxPool1d(3, { stride: 2, padding: 1, dilation: 2, ceilMode: true }),
    MaxPool3d: () => new nn.MaxPool3d([2, 1, 2], { returnIndices: true }),
    AvgPool1d: () => new nn.AvgPool1d(3, { stride: 2 }),
    AvgPool3d: () => new nn.AvgPool3d(2, { padding: 1, divisorOverride: 3 }),
    AdaptiveMaxPool1d: () => new nn.AdaptiveMaxPool1d(4),
    AdaptiveMaxPool2d: () => new nn.AdaptiveMaxPool2d([2, null]),
    AdaptiveMaxPool3d: () => new nn.AdaptiveMaxPool3d(2, { returnIndices: true }),
    AdaptiveAvgPool1d: () => new nn.AdaptiveAvgPool1d(3),
    AdaptiveAvgPool3d: () => new nn.AdaptiveAvgPool3d([null, 2, 3]),
    LPPool1d: () => new nn.LPPool1d(2, 3),
    LPPool2d: () => new nn.LPPool2d(1.5, [2, 3], { stride: 1, ceilMode: true }),
    FractionalMaxPool2d: () => new nn.FractionalMaxPool2d(2, { outputRatio: 0.5 }),
    MaxUnpool1d: () => new nn.MaxUnpool1d(2),
    MaxUnpool2d: () => new nn.MaxUnpool2d(3, { stride: 2, padding: 1 }),
    MaxUnpool3d: () => new nn.MaxUnpool3d(2),
  };
  it.each(Object.entries(fixture.reprs))('%s prints like PyTorch', (name, repr) => {
    expect(MODULES[name]!().toString()).toBe(repr);
  });

  it('modules run their functional forms; returnIndices gives [values, indices] that unpool back', () => {
    const x = randn(2, 3, 8, 6);
    const pool = new nn.MaxPool2d(2, { returnIndices: true });
    const [v, i] = pool(x);
    expectExact(v, F.maxPool2d(x, 2));
    const back = new nn.MaxUnpool2d(2)(v, i);
    expectExact(back.reshape([2, 3, -1]).gather(2, i.reshape([2, 3, -1])), v.reshape([2, 3, -1]));
    const x1 = randn(2, 10);
    const [v1, i1] = new nn.MaxPool1d(2, { returnIndices: true })(x1);
    expectExact(new nn.MaxUnpool1d(2)(v1, i1, [10]).gather(1, i1), v1);
    const x3 = randn(1, 4, 4, 4);
    expectExact(new nn.AdaptiveMaxPool3d(1)(x3).reshape([1]), x3.amax().reshape([1]));
  });

  it('expanded (stride-0) inputs pool like their contiguous copies', () => {
    const x = randn(1, 2, 5, 4, 6).expand([3, 2, 5, 4, 6]);
    expectExact(F.maxPool3d(x, 2, { padding: 1 }), F.maxPool3d(x.contiguous(), 2, { padding: 1 }));
    const y = randn(1, 7).expand([4, 7]);
    expectExact(F.avgPool1d(y, 3), F.avgPool1d(y.contiguous(), 3));
    expectExact(F.adaptiveMaxPool1d(y, 3), F.adaptiveMaxPool1d(y.contiguous(), 3));
  });

  it('zero-size batches give empty outputs', () => {
    expect(F.maxPool3d(randn(0, 2, 4, 4, 4), 2).shape).toEqual([0, 2, 2, 2, 2]);
    expect(F.avgPool1d(randn(0, 2, 4), 2).shape).toEqual([0, 2, 2]);
    expect(F.adaptiveMaxPool2d(randn(0, 2, 4, 4), 2).shape).toEqual([0, 2, 2, 2]);
    expect(F.adaptiveAvgPool3d(randn(0, 2, 4, 4, 4), 2).shape).toEqual([0, 2, 2, 2, 2]);
  });
});

describe('float64 gradcheck (first and second order)', () => {
  const distinct = (...shape: number[]): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.37) * 3 + i * 1e-3);
    return Tensor.fromData(v, shape, 'float64').requiresGrad_();
  };
  it('max pools', () => {
    float64Gradcheck((t) => F.maxPool1d(t, 3, { stride: 2, padding: 1, ceilMode: true }), [distinct(1, 2, 9)], true);
    float64Gradcheck((t) => F.maxPool3d(t, 2, { stride: 1, padding: 1, dilation: [1, 2, 1] }), [distinct(1, 1, 3, 4, 3)], true);
    float64Gradcheck((t) => F.adaptiveMaxPool3d(t, [2, 3, 2]), [distinct(1, 2, 3, 5, 4)], true);
    float64Gradcheck((t) => F.fractionalMaxPool2d(t, 2, { outputSize: 3, randomSamples: tensor([[[0.3, 0.7]]]).double() }), [distinct(1, 1, 6, 5)], true);
  });
  it('average, adaptive average and LP pools', () => {
    float64Gradcheck((t) => F.avgPool3d(t, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [distinct(1, 1, 5, 4, 5)], true);
    float64Gradcheck((t) => F.avgPool1d(t, 2, { padding: 1 }), [distinct(2, 5)], true);
    float64Gradcheck((t) => F.adaptiveAvgPool3d(t, [2, 3, 2]), [distinct(1, 2, 3, 5, 4)], true);
    float64Gradcheck((t) => F.adaptiveAvgPool1d(t, 3), [distinct(2, 7)], true);
    float64Gradcheck((t) => F.lpPool1d(t.exp(), 3, 3, { stride: 2, ceilMode: true }), [distinct(2, 8)], true);
    float64Gradcheck((t) => F.lpPool2d(t.exp(), 2, 2), [distinct(1, 2, 4, 4)], true);
  });
  it('unpooling', () => {
    const idx = F.maxPool3d(randn(1, 2, 4, 4, 4), 2, { returnIndices: true })[1];
    float64Gradcheck((t) => F.maxUnpool3d(t, idx, 2), [distinct(1, 2, 2, 2, 2)], true);
  });
});
