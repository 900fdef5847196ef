/**
 * Every Backend method on every registered backend, compared with the TypeScript backend (the
 * oracle) on random strided inputs: contiguous, transposed, stepped, offset and broadcast views,
 * small and above the sizes where 'auto' routes to WebAssembly. Float results must agree to
 * 1e-5 relative (the float32 kernels routed to WebAssembly are in fact bit-identical).
 */
import { Storage, Tensor, backend, backendNames, setBackend, type Backend, type DType, type TypedArray } from '@torchlet/core';

type Layout = 'contiguous' | 'transposed' | 'stepped' | 'offset' | 'broadcast';
const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'stepped', 'offset', 'broadcast'];

/** Deterministic uniform draws in [0, 1) (a 32-bit LCG: the tests must not depend on torch RNG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function makeArray(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
  }
}

function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]!; }
  return s;
}

/**
 * A view of the given logical shape laid out as `layout`, filled from `rnd`: floats in [-2, 2)
 * (with a few exact zeros and ties), ints in [-3, 3), bools at random.
 */
function view(shape: number[], dtype: DType, layout: Layout, rnd: () => number, lo = -2, hi = 2): Tensor {
  const nd = shape.length;
  let phys = shape.slice();
  let perm = shape.map((_, i) => i);
  let step = 1, offset = 0;
  if (layout === 'transposed' && nd >= 2) { perm = [...perm.slice(0, -2), nd - 1, nd - 2]; phys = perm.map((p) => shape[p]!); }
  if (layout === 'stepped') step = 2;
  if (layout === 'offset') offset = 3;
  const broadcastDim = layout === 'broadcast' ? shape.findIndex((n) => n > 1) : -1;
  if (broadcastDim >= 0) phys[perm.indexOf(broadcastDim)] = 1;
  // Stepped: allocate the last dim `step` times longer and take every step-th element.
  const allocShape = phys.map((n, i) => (i === phys.length - 1 ? n * step : n));
  const physStrides = contiguousStrides(allocShape).map((s, i) => (i === phys.length - 1 ? step : s));
  let size = offset + 1;
  phys.forEach((n, i) => { size += (n - 1) * physStrides[i]!; });
  const data = makeArray(dtype, Math.max(size, 1));
  for (let i = 0; i < data.length; i++) {
    const u = rnd();
    if (dtype === 'bool') data[i] = u < 0.5 ? 1 : 0;
    else if (dtype === 'int32') data[i] = Math.floor(lo + (hi - lo) * u);
    else data[i] = u < 0.05 ? 0 : u < 0.1 ? 1 : lo + (hi - lo) * rnd();
  }
  const strides = shape.map((_, d) => (d === broadcastDim ? 0 : physStrides[perm.indexOf(d)]!));
  return new Tensor(new Storage(data), shape, strides, offset, dtype);
}

/** Equal within 1e-5 relative, plus `atol` (sums of many terms need a tolerance on their size). */
function expectSame(got: TypedArray, want: TypedArray, what: string, atol = 1e-6): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) throw new Error(`${what}: element ${i} is ${g}, expected NaN`);
      continue;
    }
    if (g === w) continue;
    if (Math.abs(g - w) > 1e-5 * Math.abs(w) + atol) throw new Error(`${what}: element ${i} is ${g}, expected ${w}`);
  }
}

const others = backendNames().filter((n) => n !== 'js');
const js = (): Backend => { setBackend('js'); return backend(); };
const other = (name: string): Backend => { setBackend(name); return backend(); };
afterAll(() => setBackend('auto'));

const SHAPES: number[][] = [[5], [3, 4], [2, 3, 5], [2, 3, 40, 41]];

describe.each(others)('backend %s matches js', (name) => {
  const rnd = lcg(12345);

  test('unary', () => {
    for (const op of ['identity', 'neg', 'abs', 'relu', 'sqrt', 'square', 'exp', 'clamp'] as const) {
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          for (const dtype of ['float32', 'float64'] as const) {
            const x = view(shape, dtype, layout, rnd);
            const n = x.numel();
            const want = makeArray(dtype, n), got = makeArray(dtype, n);
            js().unary(op, x, want, -0.5, 0.5);
            other(name).unary(op, x, got, -0.5, 0.5);
            expectSame(got, want, `${op} ${dtype} ${layout} [${shape.join(',')}]`);
          }
        }
      }
    }
  });

  test('binary (broadcast, scalar, comparisons)', () => {
    const ops = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'eq', 'ne', 'le', 'gt'] as const;
    for (const op of ops) {
      const cmp = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          const a = view(shape, 'float32', layout, rnd);
          const rows = view([shape[shape.length - 1]!], 'float32', 'contiguous', rnd);
          for (const b of [view(shape, 'float32', LAYOUTS[(LAYOUTS.indexOf(layout) + 1) % 5]!, rnd), rows, 0.5, 0.1] as const) {
            const n = a.numel();
            const want = makeArray(cmp ? 'bool' : 'float32', n), got = makeArray(cmp ? 'bool' : 'float32', n);
            js().binary(op, a, b, want, shape);
            other(name).binary(op, a, b, got, shape);
            expectSame(got, want, `${op} ${layout} [${shape.join(',')}] b=${typeof b === 'number' ? b : b.shape.join(',')}`);
          }
        }
      }
    }
  });

  test('where', () => {
    for (const shape of SHAPES) {
      for (const layout of LAYOUTS) {
        const c = view(shape, 'bool', layout, rnd), a = view(shape, 'float32', 'transposed', rnd);
        const zero = new Tensor(new Storage(new Float32Array([0])), [], [], 0, 'float32');
        for (const b of [view(shape, 'float32', 'contiguous', rnd), zero]) {
          const want = new Float32Array(a.numel()), got = new Float32Array(a.numel());
          js().where(c, a, b, want, shape);
          other(name).where(c, a, b, got, shape);
          expectSame(got, want, `where ${layout} [${shape.join(',')}]`);
        }
      }
    }
  });

  test('reduce (values and arg positions)', () => {
    for (const op of ['sum', 'prod', 'max', 'min', 'all', 'any'] as const) {
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          const x = view(shape, 'float32', layout, rnd, -1, 1);
          const dimSets = [[0], [shape.length - 1], shape.map((_, i) => i), shape.length > 2 ? [0, 2] : [0]];
          for (const dims of dimSets) {
            const n = shape.reduce((p, v, i) => (dims.includes(i) ? p : p * v), 1);
            const want = new Float32Array(n), got = new Float32Array(n);
            const wi = new Int32Array(n), gi = new Int32Array(n);
            const withIdx = op === 'max' || op === 'min';
            js().reduce(op, x, dims, want, withIdx ? wi : undefined);
            other(name).reduce(op, x, dims, got, withIdx ? gi : undefined);
            expectSame(got, want, `${op} ${layout} [${shape.join(',')}] dims ${dims.join(',')}`);
            if (withIdx) expect(Array.from(gi)).toEqual(Array.from(wi));
          }
        }
      }
    }
  });

  test('matmul (batched, strided, broadcast batch)', () => {
    const sizes: [number, number, number, number][] = [[1, 1, 1, 1], [2, 3, 5, 7], [1, 17, 33, 9], [3, 40, 36, 33], [1, 130, 70, 100], [2, 64, 200, 64]];
    for (const [B, M, K, N] of sizes) {
      for (const la of LAYOUTS) {
        for (const lb of ['contiguous', 'transposed', 'broadcast'] as const) {
          for (const dtype of ['float32', 'float64'] as const) {
            const a = view([B, M, K], dtype, la, rnd), b = view([B, K, N], dtype, lb, rnd);
            const want = makeArray(dtype, B * M * N), got = makeArray(dtype, B * M * N);
            const plain = la === 'offset';
            js().matmul(a, b, want, plain);
            other(name).matmul(a, b, got, plain);
            // float32 dot products: rounding error grows with K times the terms' size (|a||b| < 4).
            expectSame(got, want, `matmul ${dtype} ${la}x${lb} ${B}x${M}x${K}x${N}`, 4 * K * 2 ** -24);
          }
        }
      }
    }
  });

  test('copy (casts)', () => {
    for (const shape of SHAPES) {
      for (const layout of LAYOUTS) {
        for (const [from, to] of [['float32', 'float64'], ['float64', 'float32'], ['float32', 'int32'], ['int32', 'bool']] as const) {
          const x = view(shape, from, layout, rnd);
          const want = makeArray(to, x.numel()), got = makeArray(to, x.numel());
          js().copy(x, want);
          other(name).copy(x, got);
          expectSame(got, want, `copy ${from}->${to} ${layout}`);
        }
      }
    }
  });

  test('fused', () => {
    for (const op of ['addScaled', 'addcmul', 'addcdiv', 'lerp'] as const) {
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          const a = view(shape, 'float32', layout, rnd), b = view(shape, 'float32', 'contiguous', rnd);
          const c = op === 'addScaled' ? null : view(shape, 'float32', 'transposed', rnd, 0.5, 2);
          const want = new Float32Array(a.numel()), got = new Float32Array(a.numel());
          const s = Math.fround(-0.0123);
          js().fused(op, a, b, c, s, want, shape);
          other(name).fused(op, a, b, c, s, got, shape);
          expectSame(got, want, `${op} ${layout} [${shape.join(',')}]`);
        }
      }
    }
  });

  test('gather, scatter, indexSelect', () => {
    for (const layout of LAYOUTS) {
      const x = view([6, 50], 'float32', layout, rnd);
      const index = view([6, 30], 'int32', 'contiguous', rnd, 0, 6);
      const want = new Float32Array(180), got = new Float32Array(180);
      js().gather(x, 0, index, want);
      other(name).gather(x, 0, index, got);
      expectSame(got, want, `gather ${layout}`);
      for (const reduce of ['none', 'add', 'amax'] as const) {
        const w2 = new Float32Array(300).fill(1), g2 = new Float32Array(300).fill(1);
        const src = view([6, 30], 'float32', 'contiguous', rnd);
        js().scatter(w2, [6, 50], 0, index, src, reduce);
        other(name).scatter(g2, [6, 50], 0, index, src, reduce);
        expectSame(g2, w2, `scatter ${reduce}`);
      }
      const idx1 = view([7], 'int32', 'contiguous', rnd, 0, 6);
      const w3 = new Float32Array(350), g3 = new Float32Array(350);
      js().indexSelect(x, 0, idx1, w3);
      other(name).indexSelect(x, 0, idx1, g3);
      expectSame(g3, w3, `indexSelect ${layout}`);
    }
  });

  test('scan and sort', () => {
    for (const layout of LAYOUTS) {
      const x = view([7, 60], 'float32', layout, rnd);
      for (const op of ['sum', 'prod', 'max', 'min'] as const) {
        const want = new Float32Array(420), got = new Float32Array(420), wi = new Int32Array(420), gi = new Int32Array(420);
        js().scan(op, x, 1, want, op === 'max' || op === 'min' ? wi : undefined);
        other(name).scan(op, x, 1, got, op === 'max' || op === 'min' ? gi : undefined);
        expectSame(got, want, `scan ${op} ${layout}`);
        expect(Array.from(gi)).toEqual(Array.from(wi));
      }
      for (const k of [60, 5]) {
        const wv = new Float32Array(7 * k), gv = new Float32Array(7 * k), wi = new Int32Array(7 * k), gi = new Int32Array(7 * k);
        js().sort(x, 1, true, k, wv, wi);
        other(name).sort(x, 1, true, k, gv, gi);
        expectSame(gv, wv, `sort ${layout} k=${k}`);
        expect(Array.from(gi)).toEqual(Array.from(wi));
      }
    }
  });

  test('im2col and col2im (conv and pooling windows)', () => {
    const geoms = [
      { N: 2, C: 3, H: 9, W: 10, g: { kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] } },
      { N: 4, C: 8, H: 26, W: 26, g: { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] } },
      { N: 3, C: 2, H: 28, W: 28, g: { kernel: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1] } },
      { N: 1, C: 2, H: 11, W: 13, g: { kernel: [3, 2], stride: [2, 3], padding: [1, 1], dilation: [2, 1] } },
    ] as const;
    for (const { N, C, H, W, g } of geoms) {
      const oh = Math.floor((H + 2 * g.padding[0] - g.dilation[0] * (g.kernel[0] - 1) - 1) / g.stride[0]) + 1;
      const ow = Math.floor((W + 2 * g.padding[1] - g.dilation[1] * (g.kernel[1] - 1) - 1) / g.stride[1]) + 1;
      const geom = { ...g, outSize: [oh, ow] as const };
      const kk = g.kernel[0] * g.kernel[1];
      for (const layout of LAYOUTS) {
        const x = view([N, C, H, W], 'float32', layout, rnd);
        const n = N * C * kk * oh * ow;
        for (const pad of [0, -Infinity]) {
          const want = new Float32Array(n), got = new Float32Array(n);
          js().im2col(x, geom, pad, want);
          other(name).im2col(x, geom, pad, got);
          expectSame(got, want, `im2col ${layout} pad ${pad}`);
        }
        const cols = view([N, C * kk, oh * ow], 'float32', layout, rnd);
        const want = new Float32Array(N * C * H * W), got = new Float32Array(N * C * H * W);
        js().col2im(cols, geom, [H, W], want);
        other(name).col2im(cols, geom, [H, W], got);
        expectSame(got, want, `col2im ${layout}`);
      }
    }
  });

  test('softmax and logSoftmax', () => {
    for (const layout of LAYOUTS) {
      const x = view([6, 50, 3], 'float32', layout, rnd);
      for (const log of [false, true]) {
        const want = new Float32Array(900), got = new Float32Array(900);
        js().softmax(x, want, log);
        other(name).softmax(x, got, log);
        expectSame(got, want, `softmax log=${log} ${layout}`);
      }
    }
  });

  test('nllLoss, nllLossGrad, crossEntropyGrad', () => {
    const input = view([8, 5, 3], 'float32', 'transposed', rnd);
    const target = view([8, 3], 'int32', 'contiguous', rnd, 0, 5);
    const weight = view([5], 'float32', 'contiguous', rnd, 0.5, 2);
    for (const w of [null, weight]) {
      for (const reduction of ['none', 'mean', 'sum'] as const) {
        const n = reduction === 'none' ? 24 : 1;
        const wl = new Float32Array(n), gl = new Float32Array(n);
        const wt = js().nllLoss(input, target, w, 2, reduction, wl);
        const gt = other(name).nllLoss(input, target, w, 2, reduction, gl);
        expect(gt).toBe(wt);
        expectSame(gl, wl, `nllLoss ${reduction}`);
        const grad = reduction === 'none' ? view([8, 3], 'float32', 'contiguous', rnd) : 0.75;
        const wg = new Float32Array(120), gg = new Float32Array(120);
        js().nllLossGrad(target, w, 2, reduction, grad, wt, 5, wg);
        other(name).nllLossGrad(target, w, 2, reduction, grad, wt, 5, gg);
        expectSame(gg, wg, `nllLossGrad ${reduction}`);
        const wc = new Float32Array(120), gc = new Float32Array(120);
        js().crossEntropyGrad(input, target, w, 2, reduction, grad, wt, wc);
        other(name).crossEntropyGrad(input, target, w, 2, reduction, grad, wt, gc);
        expectSame(gc, wc, `crossEntropyGrad ${reduction}`);
      }
    }
  });
});

test('the backends under test include WebAssembly', () => {
  expect(others).toEqual(expect.arrayContaining(['wasm', 'auto']));
});
