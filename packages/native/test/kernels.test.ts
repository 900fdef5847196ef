/**
 * What the shared conformance spec (conformance.test.ts) does not cover: every sgemm kernel this
 * CPU can run on one and two threads, called directly below the dispatch thresholds; elementwise
 * kernels and sums agreeing with the js oracle bit for bit on NaN, infinities and subnormals on
 * both thread counts; registration and the thread settings. sgemm (float32 accumulation) must
 * agree to 1e-5 of the float64-accumulated js product.
 */
import { availableParallelism } from 'node:os';
import { backendName, backendNames, setBackend, Tensor } from '@torchlet/core';
import { HostStorage, getBackend, hostData, type Backend, type BinaryOp, type UnaryOp, type View } from '@torchlet/core/backend';
import {
  getNumThreads, isNativeAvailable, nativeGemmKernel, nativeGemmKernels, registerNativeBackend,
  setNativeGemmKernel, setNumThreads, NATIVE_ELEMENTWISE_MIN,
} from '@torchlet/native';
import { nativeAddon } from '../src/addon';
import { contiguousView, makeRng, randomArray, runInto, sameValues, stridedView } from './helpers';

const available = isNativeAvailable();
const describeNative = available ? describe : describe.skip;

/** Sets the pool size and, for more than one thread, splits even small work so tests cover it. */
function useThreads(threads: number): void {
  setNumThreads(threads);
  if (threads > 1) nativeAddon()!.setParallelGrain(64, 0);
  else nativeAddon()!.setParallelGrain(0, -1);
}

afterAll(() => {
  if (available) nativeAddon()!.setParallelGrain(0, -1);
});

/** Runs the addon's sgemm on any size (the backend would hand tiny products to js). */
function nativeSgemm(a: View, b: View, out: Float32Array): void {
  const addon = nativeAddon()!;
  const p = new Float64Array([a.offset, ...a.strides, b.offset, ...b.strides, a.shape[0]!, a.shape[1]!, a.shape[2]!, b.shape[2]!]);
  addon.sgemm(f32(a), f32(b), out, p);
}

function f32(v: View): Float32Array {
  const d = hostData(v);
  if (!(d instanceof Float32Array)) throw new TypeError('expected a float32 view');
  return d;
}

function absView(v: View): View {
  return { ...v, storage: new HostStorage(Float32Array.from(hostData(v), Math.abs)) };
}

interface MatmulCase { B: number; M: number; K: number; N: number; aOrder: number[]; bOrder: number[]; bBroadcast?: boolean }

const ROW: number[] = [0, 1, 2], TRANS: number[] = [0, 2, 1], BATCH_INNER: number[] = [1, 0, 2];
const MATMUL_CASES: MatmulCase[] = [
  { B: 1, M: 1, K: 1, N: 1, aOrder: ROW, bOrder: ROW },
  { B: 1, M: 7, K: 5, N: 3, aOrder: ROW, bOrder: ROW },
  { B: 1, M: 1, K: 300, N: 1, aOrder: ROW, bOrder: TRANS },
  { B: 1, M: 1, K: 77, N: 513, aOrder: TRANS, bOrder: ROW },
  { B: 1, M: 129, K: 5, N: 1, aOrder: ROW, bOrder: ROW },
  { B: 3, M: 17, K: 33, N: 49, aOrder: TRANS, bOrder: TRANS },
  { B: 4, M: 32, K: 64, N: 48, aOrder: BATCH_INNER, bOrder: ROW },
  { B: 2, M: 130, K: 385, N: 97, aOrder: ROW, bOrder: TRANS },
  { B: 3, M: 40, K: 50, N: 60, aOrder: ROW, bOrder: ROW, bBroadcast: true },
  { B: 1, M: 300, K: 260, N: 70, aOrder: TRANS, bOrder: ROW },
  { B: 1, M: 9, K: 600, N: 2100, aOrder: ROW, bOrder: ROW },
  { B: 3, M: 18, K: 301, N: 245, aOrder: TRANS, bOrder: ROW },
  { B: 3, M: 38, K: 433, N: 250, aOrder: ROW, bOrder: TRANS },
];

interface MatmulProblem { readonly c: MatmulCase; readonly a: View; readonly b: View; readonly ref: Float32Array; readonly scale: Float32Array }

/** Inputs and the js oracle's product (and the product of absolute values, the error scale). */
function matmulProblem(rng: () => number, c: MatmulCase, js: Backend): MatmulProblem {
  const a = stridedView(rng, [c.B, c.M, c.K], c.aOrder, 5);
  let b = stridedView(rng, [c.B, c.K, c.N], c.bOrder, 3);
  if (c.bBroadcast) b = { ...b, strides: [0, b.strides[1]!, b.strides[2]!] };
  const ref = runInto([c.B, c.M, c.N], (o) => js.matmul(a, b, o));
  const scale = runInto([c.B, c.M, c.N], (o) => js.matmul(absView(a), absView(b), o));
  return { c, a, b, ref, scale };
}

function checkMatmul(p: MatmulProblem, got: Float32Array): void {
  let maxErr = 0, maxRef = 0;
  for (let i = 0; i < p.ref.length; i++) {
    const err = Math.abs(got[i]! - p.ref[i]!);
    if (!(err <= 1e-5 * p.scale[i]! + 1e-30)) {
      throw new Error(`${JSON.stringify(p.c)}: element ${i} is ${got[i]}, expected ${p.ref[i]} (scale ${p.scale[i]})`);
    }
    maxErr = Math.max(maxErr, err);
    maxRef = Math.max(maxRef, Math.abs(p.ref[i]!));
  }
  expect(maxErr).toBeLessThanOrEqual(1e-5 * maxRef);
}

describeNative('native sgemm', () => {
  const js = getBackend('js');
  const initialKernel = available ? nativeGemmKernel() : '';
  const initialThreads = available ? getNumThreads() : 1;
  afterAll(() => {
    setNativeGemmKernel(initialKernel);
    setNumThreads(initialThreads);
  });

  let problems: MatmulProblem[] = [];
  beforeAll(() => {
    const rng = makeRng(1234);
    problems = MATMUL_CASES.map((c) => matmulProblem(rng, c, js));
  });

  for (const kernel of available ? nativeGemmKernels() : []) {
    for (const threads of [1, 2]) {
      test(`kernel ${kernel}, ${threads} thread(s): random strided and batched products`, () => {
        expect(setNativeGemmKernel(kernel)).toBe(true);
        useThreads(threads);
        for (const p of problems) {
          const got = new Float32Array(p.ref.length);
          nativeSgemm(p.a, p.b, got);
          checkMatmul(p, got);
        }
      });
    }
  }

  // One float accumulator and one FMA per k in order, like the js kernel (and OpenBLAS): while K
  // fits one depth block the bits agree exactly. 'generic' and 'layout8x32' have no FMA.
  const FMA_DEPTH: Record<string, number> = { avx2: 256, avx512: 384 };
  for (const kernel of available ? nativeGemmKernels().filter((k) => k in FMA_DEPTH) : []) {
    test(`kernel ${kernel}: products with K <= ${FMA_DEPTH[kernel]} carry the js kernel's bits`, () => {
      expect(setNativeGemmKernel(kernel)).toBe(true);
      const rng = makeRng(21);
      for (const threads of [1, 2]) {
        useThreads(threads);
        for (const [B, M, K, N] of [[2, 37, 200, 45], [1, 64, FMA_DEPTH[kernel]!, 64], [3, 9, 17, 130]] as const) {
          const a = stridedView(rng, [B, M, K], TRANS, 1), b = stridedView(rng, [B, K, N], ROW, 2);
          const ref = runInto([B, M, N], (o) => js.matmul(a, b, o)), got = new Float32Array(ref.length);
          nativeSgemm(a, b, got);
          expect(sameValues(got, ref)).toBeNull();
        }
      }
    });
  }

  // Every output element is summed in the same order whatever the split, so threads must not
  // change a single bit (this caught a race between threads packing depth blocks of unequal size).
  for (const kernel of available ? nativeGemmKernels() : []) {
    test(`kernel ${kernel}: two threads give one thread's bits on random shapes`, () => {
      expect(setNativeGemmKernel(kernel)).toBe(true);
      const rng = makeRng(77);
      const dim = (): number => 1 + Math.floor(rng() * (rng() < 0.5 ? 20 : 300));
      for (let it = 0; it < 60; it++) {
        const B = 1 + Math.floor(rng() * 4), M = dim(), N = dim(), K = rng() < 0.5 ? 257 + Math.floor(rng() * 300) : dim();
        const a = stridedView(rng, [B, M, K], rng() < 0.5 ? ROW : TRANS, 0);
        const b = stridedView(rng, [B, K, N], rng() < 0.5 ? ROW : TRANS, 0);
        const one = new Float32Array(B * M * N), two = new Float32Array(one.length);
        useThreads(1);
        nativeSgemm(a, b, one);
        useThreads(2);
        nativeSgemm(a, b, two);
        expect({ shape: [B, M, K, N], diff: sameValues(two, one) }).toEqual({ shape: [B, M, K, N], diff: null });
      }
    });
  }

  test('small integers multiply exactly', () => {
    setNativeGemmKernel(initialKernel);
    const rng = makeRng(7);
    const M = 37, K = 41, N = 53;
    const ints = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.floor(rng() * 17) - 8);
    const a = contiguousView(ints(M * K), [1, M, K]), b = contiguousView(ints(K * N), [1, K, N]);
    const ref = runInto([1, M, N], (o) => js.matmul(a, b, o)), got = new Float32Array(M * N);
    nativeSgemm(a, b, got);
    expect(sameValues(got, ref)).toBeNull();
  });

  test('K = 0 gives zeros and empty outputs are fine', () => {
    const a = contiguousView(new Float32Array(0), [2, 3, 0]), b = contiguousView(new Float32Array(0), [2, 0, 4]);
    const out = new Float32Array(24).fill(7);
    nativeSgemm(a, b, out);
    expect(Array.from(out)).toEqual(new Array<number>(24).fill(0));
    nativeSgemm(contiguousView(new Float32Array(0), [1, 0, 3]), contiguousView(new Float32Array(6), [1, 3, 2]), new Float32Array(0));
  });

  test('views reaching outside their buffer are refused, not read', () => {
    const a = contiguousView(new Float32Array(6), [1, 2, 3]), b = contiguousView(new Float32Array(6), [1, 3, 2]);
    expect(() => nativeSgemm({ ...a, offset: 1 }, b, new Float32Array(4))).toThrow('sgemm: ');
    expect(() => nativeSgemm(a, { ...b, strides: [0, 2, -1] }, new Float32Array(4))).toThrow('sgemm: ');
    expect(() => nativeSgemm(a, b, new Float32Array(3))).toThrow('sgemm: ');
  });
});

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e-40, 3.4e38];

function withSpecials(v: View): View {
  const d = hostData(v);
  for (let i = 0; i < SPECIALS.length; i++) d[v.offset + i * 13] = SPECIALS[i]!;
  return v;
}

function full(rng: () => number, shape: number[], offset = 0): View {
  return withSpecials(stridedView(rng, shape, shape.map((_, i) => i), offset));
}

describeNative('native elementwise kernels', () => {
  const js = getBackend('js');
  const native = (): Backend => getBackend('native');
  const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow'];

  function compareBinary(op: BinaryOp, a: View, b: View | number, outShape: number[]): void {
    const ref = runInto(outShape, (o) => js.binary(op, a, b, o)), got = runInto(outShape, (o) => native().binary(op, a, b, o));
    const diff = sameValues(got, ref);
    if (diff) throw new Error(`${op} ${JSON.stringify(a.shape)} x ${typeof b === 'number' ? b : JSON.stringify(b.shape)}: ${JSON.stringify(diff)}`);
  }

  test('the threshold keeps these inputs on the native path', () => {
    expect(130 * 140).toBeGreaterThanOrEqual(NATIVE_ELEMENTWISE_MIN);
  });

  for (const threads of [1, 2]) {
    test(`binary ops on ${threads} thread(s): same shape, bias rows, scalars, broadcasts, strided`, () => {
      useThreads(threads);
      const rng = makeRng(99);
      const shape = [130, 140];
      const zeroDim: View = { storage: new HostStorage(Float32Array.of(0, 0.3)), shape: [], strides: [], offset: 1, dtype: 'float32' };
      const one: View = { storage: new HostStorage(Float32Array.of(-1.7)), shape: [1], strides: [1], offset: 0, dtype: 'float32' };
      const transposed = stridedView(rng, shape, [1, 0], 0);
      const column = stridedView(rng, [130, 1], [0, 1], 0);
      for (const op of BINARY) {
        compareBinary(op, full(rng, shape, 2), full(rng, shape, 1), shape);
        compareBinary(op, full(rng, shape), full(rng, [140], 4), shape);
        compareBinary(op, full(rng, [140]), full(rng, shape), shape);
        compareBinary(op, full(rng, [3, 1, 140]), full(rng, [3, 50, 140]), [3, 50, 140]);
        compareBinary(op, full(rng, shape), 0.1, shape);
        compareBinary(op, full(rng, shape), -3, shape);
        compareBinary(op, full(rng, shape), zeroDim, shape);
        compareBinary(op, one, full(rng, shape), shape);
        compareBinary(op, transposed, full(rng, shape), shape);
        compareBinary(op, full(rng, shape), column, shape);
      }
    });
  }

  test('unary ops on contiguous and offset views, clamp with and without bounds', () => {
    const rng = makeRng(5);
    const ops: [UnaryOp, number?, number?][] = [
      ['neg'], ['abs'], ['relu'], ['sqrt'], ['square'], ['exp'], ['clamp', -0.5, 0.25], ['clamp', NaN, 0.25],
      ['clamp', -0.5, NaN], ['clamp', 0.1, 0.7],
    ];
    for (const threads of [1, 2]) {
      useThreads(threads);
      for (const [op, p0, p1] of ops) {
        for (const x of [full(rng, [20000]), full(rng, [150, 160], 3), stridedView(rng, [150, 160], [1, 0], 0)]) {
          const ref = runInto(x.shape, (o) => js.unary(op, x, o, p0, p1)), got = runInto(x.shape, (o) => native().unary(op, x, o, p0, p1));
          expect({ op, diff: sameValues(got, ref) }).toEqual({ op, diff: null });
        }
      }
    }
  });

  test('sum over trailing dims, all dims and dim 0 of a matrix has the js kernel\'s (PyTorch\'s) bits', () => {
    const rng = makeRng(11);
    const cases: [number[], number[]][] = [
      [[40, 500], [1]], [[8, 50, 60], [1, 2]], [[30000], [0]], [[8, 50, 60], [0, 1, 2]], [[8, 50, 60], [0]],
      [[1100000], [0]], [[64, 8], [1]], [[60, 9], [1]], [[40, 15], [1]], [[40, 17], [1]], [[30, 33], [1]],
      [[20, 261], [1]], [[6, 4097], [1]], [[100, 7], [1]], [[3, 5, 100], [2]],
      // Column sums (bias gradients): 32-column groups, 8-column vectors, single columns, cascade levels.
      [[16, 256], [0]], [[128, 10], [0]], [[1024, 256], [0]], [[300, 77], [0]], [[70, 33], [0]], [[2, 1000], [0]], [[4099, 9], [0]],
    ];
    const columns = jest.spyOn(nativeAddon()!, 'sumColsF32');
    for (const threads of [1, 2]) {
      useThreads(threads);
      for (const [shape, dims] of cases) {
        const x = withSpecials(stridedView(rng, shape, shape.map((_, i) => i), 2));
        if (shape[0] === 60) hostData(x).fill(-0);
        const outShape = shape.filter((_, d) => !dims.includes(d));
        const ref = runInto(outShape, (o) => js.reduce('sum', x, dims, o)), got = runInto(outShape, (o) => native().reduce('sum', x, dims, o));
        expect({ shape, dims, diff: sameValues(got, ref) }).toEqual({ shape, dims, diff: null });
      }
    }
    expect(columns).toHaveBeenCalledTimes(2 * 7);  // the column sums ran natively, on both thread counts
    columns.mockRestore();
  });
  test('comparisons with a scalar and where (relu\'s backward) give the js kernels\' values', () => {
    const rng = makeRng(12);
    const addon = nativeAddon()!;
    const compares = jest.spyOn(addon, 'compareScalarF32'), wheres = jest.spyOn(addon, 'whereF32');
    const bools = (shape: number[], kernel: (out: View) => void): Uint8Array => {
      const out = new Uint8Array(shape.reduce((p, q) => p * q, 1));
      kernel(contiguousView(out, shape, 'bool'));
      return out;
    };
    for (const threads of [1, 2]) {
      useThreads(threads);
      for (const shape of [[16, 256], [1000], [3, 7, 129]]) {
        const x = full(rng, shape, 5);
        hostData(x)[5 + 7] = -0;
        for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
          for (const s of [0, 0.25, -Infinity, NaN]) {
            const ref = bools(shape, (o) => js.binary(op, x, s, o)), got = bools(shape, (o) => native().binary(op, x, s, o));
            expect({ op, s, diff: sameValues(got, ref) }).toEqual({ op, s, diff: null });
          }
        }
        const cond = bools(shape, (o) => js.binary('le', x, 0, o));
        const c = contiguousView(cond, shape, 'bool'), zero = contiguousView(new Float32Array([-0]), []);
        for (const [a, b] of [[zero, x], [x, zero], [x, full(rng, shape)], [zero, zero]] as const) {
          const ref = runInto(shape, (o) => js.where(c, a, b, o)), got = runInto(shape, (o) => native().where(c, a, b, o));
          expect(sameValues(got, ref)).toBeNull();
        }
      }
    }
    expect([compares.mock.calls.length, wheres.mock.calls.length]).toEqual([2 * 3 * 24, 2 * 3 * 4]);
    compares.mockRestore();
    wheres.mockRestore();
  });
});

describeNative('registration and threads', () => {
  test('importing the package makes native the current backend', () => {
    expect(backendName()).toBe('native');
    expect(backendNames()).toContain('native');
    const rngA = randomArray(makeRng(1), 64 * 80), rngB = randomArray(makeRng(2), 80 * 72);
    const a = Tensor.fromData(rngA, [64, 80], 'float32'), b = Tensor.fromData(rngB, [80, 72], 'float32');
    const viaNative = a.matmul(b).toTypedArray();
    setBackend('js');
    const viaJs = a.matmul(b).toTypedArray();
    setBackend('native');
    for (let i = 0; i < viaJs.length; i++) expect(Math.abs(viaNative[i]! - viaJs[i]!)).toBeLessThanOrEqual(1e-5 * 80);
    expect(registerNativeBackend({ activate: false })).toBe(true);
  });

  test('setNumThreads / getNumThreads', () => {
    const before = getNumThreads();
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
    setNumThreads(2);
    expect(getNumThreads()).toBe(Math.min(2, availableParallelism())); // clamped to the cores
    expect(() => setNumThreads(0)).toThrow('set_num_threads expects a positive integer');
    setNumThreads(before);
  });
});
