/**
 * The native replays of PyTorch's float32 kernels (small TN product, softmax and its backward,
 * the fused updates, oneDNN's gelu and its backward, layer norm and its backward; and the strided copy) give the js oracle's bits exactly: random values of every
 * magnitude with NaN, infinities, signed zeros and subnormals, odd sizes, strided views, on one
 * and two threads (the pool forced to split small work).
 */
import { getBackend, hostData, type Backend, type FusedOp, type View } from '@torchlet/core/backend';
import { isNativeAvailable, setNumThreads } from '@torchlet/native';
import { nativeAddon } from '../src/addon';
import { NATIVE_FUSED_MIN } from '../src/exact-kernels';
import { contiguousView, makeRng, runInto, sameValues, stridedView } from './helpers';

const available = isNativeAvailable();
const describeNative = available ? describe : describe.skip;

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 1e-40, 88.7, -88.7, 104, -104, 100.5, -150, 3.4e38, -3.4e38];
/**
 * Without the float32 extremes: the oracle's emulated fma (core's numeric.ts fmaF32) can return
 * the wrong infinity when a*b + c overflows float32 from a finite double (see the last test), so
 * the fma kernels are compared where no result overflows.
 */
const FMA_SPECIALS = SPECIALS.slice(0, -2);

/** Values spread over many magnitudes (sign * 2^[-30, 30) * [1, 2)), a few specials mixed in. */
function wideValues(rng: () => number, n: number, specials: readonly number[] | false = SPECIALS): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (specials && r < 0.03) out[i] = specials[Math.floor(rng() * specials.length)]!;
    else if (r < 0.5) out[i] = (rng() * 2 - 1) * 8;
    else out[i] = (rng() < 0.5 ? -1 : 1) * 2 ** Math.floor(rng() * 60 - 30) * (1 + rng());
  }
  return out;
}

/** A strided view (stridedView's layout) whose elements are replaced by `fill`'s values. */
function filledView(rng: () => number, shape: number[], order: number[], offset: number, fill: (n: number) => Float32Array): View {
  const v = stridedView(rng, shape, order, offset);
  const d = hostData(v);
  d.set(fill(d.length));
  return v;
}

/** Runs body on one thread and on two (small work split), with the AVX2 and the scalar forms. */
function forThreads(body: () => void): void {
  const addon = nativeAddon()!;
  try {
    for (const [threads, generic] of [[1, false], [2, false], [1, true]] as const) {
      setNumThreads(threads);
      addon.setParallelGrain(threads > 1 ? 16 : 0, -1);
      addon.setExactGeneric(generic);
      body();
    }
  } finally {
    addon.setParallelGrain(0, -1);
    addon.setExactGeneric(false);
    setNumThreads(1);
  }
}

function expectSame(got: Float32Array, want: Float32Array, what: string): void {
  const diff = sameValues(got, want);
  if (diff) throw new Error(`${what}: element ${diff.index} is ${diff.a}, the js oracle gives ${diff.b}`);
}

describeNative('native exact kernels match the js oracle bit for bit', () => {
  let js: Backend, native: Backend;
  beforeAll(() => {
    js = getBackend('js');
    native = getBackend('native');
  });

  test('small TN products (OpenBLAS 16-lane sums), odd rows and columns, strided and batched', () => {
    const rng = makeRng(7);
    // [B, M, K, N], a's stored dim order; b is column-major (k fastest) as usesSmallTn requires.
    const cases: [number, number, number, number, number[]][] = [
      [1, 5, 37, 7, [0, 1, 2]], [3, 4, 32, 8, [0, 1, 2]], [2, 9, 70, 13, [1, 0, 2]], [1, 1, 33, 30, [0, 1, 2]],
      [32, 32, 32, 16, [0, 1, 2]], [1, 30, 40, 40, [0, 1, 2]], [2, 6, 129, 3, [1, 0, 2]],
    ];
    forThreads(() => {
      for (const [B, M, K, N, aOrder] of cases) {
        for (const special of [false, true]) {
          const fill = (n: number): Float32Array => wideValues(rng, n, special && FMA_SPECIALS);
          const a = filledView(rng, [B, M, K], aOrder, 3, fill);
          const b = filledView(rng, [B, K, N], [0, 2, 1], 2, fill);
          const want = runInto([B, M, N], (o) => js.matmul(a, b, o, false, true));
          const got = runInto([B, M, N], (o) => native.matmul(a, b, o, false, true));
          expectSame(got, want, `small TN ${[B, M, K, N].join('x')}`);
        }
      }
    });
  });

  test('softmax and log_softmax over the last dim, contiguous and strided rows', () => {
    const rng = makeRng(11);
    forThreads(() => {
      for (const C of [1, 3, 7, 8, 9, 16, 31, 76, 100]) {
        const N = Math.max(3, Math.ceil(130 / C));
        for (const order of [[0, 1, 2], [1, 0, 2]]) {
          for (const scale of [1, 60, 1e30]) {
            const x = filledView(rng, [N, C, 1], order, 1, (n) => wideValues(rng, n).map((v) => v * scale));
            for (const log of [false, true]) {
              const want = runInto([N, C, 1], (o) => js.softmax(x, o, log));
              const got = runInto([N, C, 1], (o) => native.softmax(x, o, log));
              expectSame(got, want, `${log ? 'log_' : ''}softmax C=${C} order=${order.join('')} scale=${scale}`);
            }
          }
        }
      }
    });
  });

  test('softmax backward (log and not) from the forward output and random gradients', () => {
    const rng = makeRng(13);
    forThreads(() => {
      for (const C of [1, 5, 8, 12, 32, 76]) {
        const N = Math.max(3, Math.ceil(150 / C));
        for (const log of [false, true]) {
          const x = filledView(rng, [N, C, 1], [0, 1, 2], 0, (n) => wideValues(rng, n, false));
          const y = contiguousView(runInto([N, C, 1], (o) => js.softmax(x, o, log)), [N, C, 1]);
          for (const order of [[0, 1, 2], [1, 0, 2]]) {
            const g = filledView(rng, [N, C, 1], order, 2, (n) => wideValues(rng, n));
            const want = runInto([N, C, 1], (o) => js.softmaxBackward(g, y, o, log));
            const got = runInto([N, C, 1], (o) => native.softmaxBackward(g, y, o, log));
            expectSame(got, want, `softmax backward C=${C} log=${log} order=${order.join('')}`);
          }
        }
      }
    });
  });

  test('cross-entropy gradient through log_softmax (mean and sum, ignored rows), as the js kernel', () => {
    const rng = makeRng(23);
    forThreads(() => {
      for (const C of [3, 8, 76, 101]) {
        const N = Math.max(4, Math.ceil(200 / C));
        const x = filledView(rng, [N, C, 1], [0, 1, 2], 0, (n) => wideValues(rng, n, false));
        const logp = stridedView(rng, [N, C, 1], [1, 0, 2], 1); // strided rows: logp[n, c] at n + c*N
        runInto([N, C, 1], (o) => js.softmax(x, o, true)).forEach((v, i) => {
          hostData(logp)[logp.offset + Math.floor(i / C) * logp.strides[0]! + (i % C) * logp.strides[1]!] = v;
        });
        const targets = Int32Array.from({ length: N }, (_, i) => (i % 5 === 3 ? -100 : Math.floor(rng() * C)));
        const target = contiguousView(targets, [N, 1], 'int32');
        for (const [reduction, grad] of [['mean', 1], ['sum', Math.fround(0.3)], ['mean', NaN]] as const) {
          const want = runInto([N, C, 1], (o) => js.crossEntropyGrad(logp, target, null, -100, reduction, grad, N - 1, o));
          const got = runInto([N, C, 1], (o) => native.crossEntropyGrad(logp, target, null, -100, reduction, grad, N - 1, o));
          expectSame(got, want, `cross-entropy grad C=${C} ${reduction} ${grad}`);
        }
      }
    });
  });

  test('fused updates (addScaled, addcmul, addcdiv, lerp), out of place and in place', () => {
    const rng = makeRng(17);
    const ops: [FusedOp, boolean][] = [['addScaled', false], ['addcmul', true], ['addcdiv', true], ['lerp', true], ['lerp', false]];
    forThreads(() => {
      for (const n of [NATIVE_FUSED_MIN, 3001]) {
        for (const [op, withC] of ops) {
          for (const s of [0.75, Math.fround(-1e-3), 1e4, NaN]) {
            const make = (): View => contiguousView(wideValues(rng, n, FMA_SPECIALS), [n]);
            const a = make(), b = make();
            // lerp weights: mostly in [0, 1] (both formulas), some wide values.
            const c = withC ? (op === 'lerp' ? contiguousView(wideValues(rng, n, FMA_SPECIALS).map((v, i) => (i % 3 ? rng() : v)), [n]) : make()) : null;
            const want = runInto([n], (o) => js.fused(op, a, b, c, s, o));
            expectSame(runInto([n], (o) => native.fused(op, a, b, c, s, o)), want, `${op} n=${n} s=${s}`);
            const inPlace = contiguousView(Float32Array.from(hostData(a)), [n]);
            native.fused(op, inPlace, b, c, s, inPlace);
            expectSame(hostData(inPlace) as Float32Array, want, `${op} in place n=${n}`);
          }
        }
      }
    });
  });

  test('gelu (oneDNN gelu_erf replay) over contiguous runs, offsets and tails', () => {
    const rng = makeRng(19);
    forThreads(() => {
      for (const n of [32, 45, 1000, 65_541]) {
        const data = wideValues(rng, n + 5);
        data.set(SPECIALS.slice(0, Math.min(SPECIALS.length, n)), 5);
        const x: View = { ...contiguousView(data, [n + 5]), shape: [n], offset: 5 };
        const want = runInto([n], (o) => js.unary('gelu', x, o));
        expectSame(runInto([n], (o) => native.unary('gelu', x, o)), want, `gelu n=${n}`);
      }
    });
  });

  test("gelu's backward (oneDNN gelu_erf_compute_vector_bwd replay) over offsets and tails", () => {
    const rng = makeRng(23);
    forThreads(() => {
      for (const n of [32, 45, 1000, 65_541]) {
        const xs = wideValues(rng, n + 5, FMA_SPECIALS), gs = wideValues(rng, n + 3, FMA_SPECIALS);
        xs.set(FMA_SPECIALS.slice(0, Math.min(FMA_SPECIALS.length, n)), 5);
        const x: View = { ...contiguousView(xs, [n + 5]), shape: [n], offset: 5 };
        const g: View = { ...contiguousView(gs, [n + 3]), shape: [n], offset: 3 };
        const want = runInto([n], (o) => js.geluBackward!(g, x, o));
        expectSame(runInto([n], (o) => native.geluBackward!(g, x, o)), want, `geluBackward n=${n}`);
      }
    });
  });

  test('layer norm rows and their backward: every lane/chunk split, specials, offsets, with and without affine', () => {
    const rng = makeRng(29);
    /** rows of x: wide values, a NaN row, an infinite row, a near-constant row, tiny and huge scales. */
    const rowsOf = (M: number, N: number): Float32Array => {
      const a = wideValues(rng, M * N + 2, FMA_SPECIALS);
      for (let i = 0; i < M; i++) {
        const kind = i % 6, off = 2 + i * N;
        for (let j = 0; j < N; j++) {
          if (kind === 1) a[off + j] = 1000 + (rng() - 0.5) * 1e-3;
          else if (kind === 2) a[off + j] = (rng() - 0.5) * 1e-20;
          else if (kind === 3) a[off + j] = (rng() - 0.5) * 1e15;
          else if (kind === 4) a[off + j] = rng() * 4 - 2;
        }
        if (kind === 5 && N > 2) {
          a[off + 1] = i % 12 === 5 ? NaN : Infinity;
        }
      }
      return a;
    };
    const at = (data: Float32Array, shape: number[], offset: number): View => ({ ...contiguousView(data, [data.length]), shape, strides: shape.length === 2 ? [shape[1]!, 1] : [1], offset });
    forThreads(() => {
      for (const [M, N] of [[100, 1], [30, 5], [16, 8], [9, 13], [7, 64], [5, 127], [6, 128], [4, 129], [3, 300], [2, 643], [2, 2049], [1, 4100]] as const) {
        const x = at(rowsOf(M, N), [M, N], 2), dy = at(rowsOf(M, N), [M, N], 2);
        const w = at(Float32Array.from({ length: N + 1 }, () => rng() * 2 - 0.5), [N], 1);
        const b = at(Float32Array.from({ length: N + 3 }, () => rng() - 0.5), [N], 3);
        for (const affine of [false, true]) {
          const what = `${M}x${N} affine=${affine}`;
          const run = (be: Backend): Float32Array[] => {
            const y = new Float32Array(M * N), mean = new Float32Array(M), rstd = new Float32Array(M);
            be.layerNorm!(x, affine ? w : null, affine ? b : null, 1e-5, M, N, contiguousView(y, [M, N]), contiguousView(mean, [M]), contiguousView(rstd, [M]));
            const dx = new Float32Array(M * N), dw = new Float32Array(N), db = new Float32Array(N);
            const mv = at(Float32Array.from([7, ...mean]), [M], 1), rv = at(Float32Array.from([7, ...rstd]), [M], 1);
            be.layerNormBackward!(dy, x, mv, rv, affine ? w : null, M, N, contiguousView(dx, [M, N]), affine ? contiguousView(dw, [N]) : null, contiguousView(db, [N]));
            return [y, mean, rstd, dx, dw, db];
          };
          const want = run(js), got = run(native);
          ['y', 'mean', 'rstd', 'dx', 'dw', 'db'].forEach((name, k) => expectSame(got[k]!, want[k]!, `layerNorm ${name} ${what}`));
        }
      }
    });
  });

  test('strided float32 copies (transposed, broadcast, offset views) write what the js copy writes', () => {
    const rng = makeRng(31);
    const cases: [number[], number[], number[]][] = [
      [[600], [0], [0]], [[37, 41], [1, 0], [0, 1]], [[5, 7, 9, 3], [3, 1, 0, 2], [2, 0, 1, 3]],
      [[2, 3, 4, 5, 6, 2], [5, 4, 3, 2, 1, 0], [0, 1, 2, 3, 4, 5]], [[64, 16], [0, 1], [1, 0]],
    ];
    for (const [shape, srcOrder, dstOrder] of cases) {
      for (const broadcast of [false, true]) {
        let src = filledView(rng, shape, srcOrder, 3, (n) => wideValues(rng, n));
        if (broadcast) src = { ...src, strides: src.strides.map((st, d) => (d === 0 ? 0 : st)) };
        const dstWant = stridedView(rng, shape, dstOrder, 2);
        const dstGot: View = { ...dstWant, storage: contiguousView(Float32Array.from(hostData(dstWant)), [1]).storage };
        js.copy(src, dstWant);
        native.copy(src, dstGot);
        expectSame(hostData(dstGot) as Float32Array, hostData(dstWant) as Float32Array, `copy ${shape.join('x')} broadcast=${broadcast}`);
      }
    }
  });

  test('each kernel above runs in the addon (the backend does not fall back for these calls)', () => {
    const addon = nativeAddon()!;
    const names = ['smallTnF32', 'softmaxF32', 'softmaxBackwardF32', 'crossEntropyGradF32', 'fusedF32', 'geluOneDnnF32', 'copyF32',
      'geluBackwardF32', 'layerNormF32', 'layerNormBackwardF32'] as const;
    const spies = names.map((name) => jest.spyOn(addon, name));
    try {
      const rng = makeRng(29);
      const a = stridedView(rng, [1, 4, 40], [0, 1, 2], 0), b = stridedView(rng, [1, 40, 5], [0, 2, 1], 0);
      runInto([1, 4, 5], (o) => native.matmul(a, b, o, false, true));
      const x = stridedView(rng, [16, 8, 1], [0, 1, 2], 0);
      const y = contiguousView(runInto([16, 8, 1], (o) => native.softmax(x, o, true)), [16, 8, 1]);
      runInto([16, 8, 1], (o) => native.softmaxBackward(x, y, o, true));
      runInto([16, 8, 1], (o) => native.crossEntropyGrad(y, contiguousView(new Int32Array(16), [16, 1], 'int32'), null, -100, 'mean', 1, 16, o));
      const v = stridedView(rng, [NATIVE_FUSED_MIN], [0], 0);
      runInto([NATIVE_FUSED_MIN], (o) => native.fused('lerp', v, v, null, 0.25, o));
      runInto([NATIVE_FUSED_MIN], (o) => native.unary('gelu', v, o));
      runInto([16, 64], (o) => native.copy(stridedView(rng, [16, 64], [1, 0], 0), o));
      runInto([NATIVE_FUSED_MIN], (o) => native.geluBackward!(v, v, o));
      const rows = contiguousView(Float32Array.from({ length: 128 }, rng), [8, 16]);
      const stats = contiguousView(new Float32Array(8).fill(1), [8]);
      runInto([8, 16], (o) => native.layerNorm!(rows, null, null, 1e-5, 8, 16, o, null, null));
      runInto([8, 16], (o) => native.layerNormBackward!(rows, rows, stats, stats, null, 8, 16, o, null, null));
      expect(spies.map((s) => s.mock.calls.length)).toEqual(names.map(() => 1));
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  test('an fma whose exact result overflows float32 gives the infinity of its sign (as fmaf and PyTorch)', () => {
    // 3.4e38 * 100.5 - 3.25 is about 3.4e40: +inf in float32. The js oracle's fmaF32 gives -inf
    // here (its halfway fix-up reads 2*s - inf), so this pins the native value alone.
    const n = NATIVE_FUSED_MIN;
    const view = (v: number): View => contiguousView(new Float32Array(n).fill(v), [n]);
    const got = runInto([n], (o) => native.fused('addcmul', view(-3.25), view(3.4e38), view(100.5), 1, o));
    expect(got.every((v) => v === Infinity)).toBe(true);
  });
});
