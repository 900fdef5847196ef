/**
 * The native conv2d kernels (forward, input and weight gradients) and the max-pool forward and
 * backward give the js oracle's bits exactly (core's backend/js/conv2d.ts): strides, padding,
 * dilation, offsets, non-finite weights, ties and NaN in the pooled planes, on one and two
 * threads (the pool forced to split small work) and with the scalar forms. Then a W4-sized
 * conv + pool step through the public ops, native against js.
 */
import * as core from '@torchlet/core';
import { getBackend, type Backend, type View, type WindowGeometry } from '@torchlet/core/backend';
import { nnOps } from '@torchlet/core/internal';
import { isNativeAvailable, setNumThreads } from '@torchlet/native';
import { nativeAddon } from '../src/addon';
import { contiguousView, makeRng, runInto, sameValues } from './helpers';

const describeNative = isNativeAvailable() ? describe : describe.skip;

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

function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  const diff = sameValues(got, want);
  if (diff) throw new Error(`${what}: element ${diff.index} is ${diff.a}, the js oracle gives ${diff.b}`);
}

/** A dense float32 view of `shape` starting at `offset` in its array, values from `value`. */
function denseView(shape: number[], offset: number, value: (i: number) => number): View {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(offset + n + 2).map((_, i) => value(i));
  return { ...contiguousView(data, shape), offset };
}

const outSize = (n: number, k: number, s: number, p: number, d: number): number => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

describeNative('native conv2d and max-pool kernels match the js oracle bit for bit', () => {
  let js: Backend, native: Backend;
  beforeAll(() => {
    js = getBackend('js');
    native = getBackend('native');
  });

  // [N, C, H, W, O, kh, kw, stride h, stride w, pad h, pad w, dil h, dil w]
  const CONVS = [
    [4, 1, 28, 28, 8, 3, 3, 1, 1, 0, 0, 1, 1],
    [3, 4, 9, 11, 5, 3, 2, 2, 1, 1, 1, 1, 1],
    [2, 3, 10, 7, 4, 3, 3, 1, 2, 2, 1, 2, 1],
    [2, 2, 5, 40, 3, 5, 5, 1, 1, 2, 2, 1, 2],
    [1, 3, 6, 6, 2, 1, 1, 3, 3, 0, 0, 1, 1],
  ] as const;

  test.each(CONVS.map((c) => [c.join(',')] as const))('conv2d and both gradients, geometry %s', (key) => {
    const [N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw] = key.split(',').map(Number) as [number, number, number, number, number, number, number, number, number, number, number, number, number];
    const g: WindowGeometry = { kernel: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], outSize: [outSize(H, kh, sh, ph, dh), outSize(W, kw, sw, pw, dw)] };
    const [oh, ow] = g.outSize;
    const rng = makeRng(N * 131 + W);
    const x = denseView([N, C, H, W], 3, () => (rng() * 2 - 1) * 4), gy = denseView([N, O, oh, ow], 1, () => rng() * 2 - 1);
    const b = denseView([O], 2, () => rng() - 0.5);
    const finite = denseView([O, C, kh, kw], 5, () => rng() * 2 - 1);
    // A non-finite weight turns the padding taps it multiplies into NaN, as the product does.
    const special = denseView([O, C, kh, kw], 0, (i) => (i === 1 ? Infinity : i === 2 ? NaN : rng() * 2 - 1));
    forThreads(() => {
      for (const [w, name] of [[finite, 'finite'], [special, 'inf/NaN']] as const) {
        for (const bias of [null, b]) {
          const want = runInto([N, O, oh, ow], (o) => js.conv2d!(x, w, bias, g, o));
          expectSame(runInto([N, O, oh, ow], (o) => native.conv2d!(x, w, bias, g, o)), want, `conv2d ${key} ${name} bias=${bias !== null}`);
        }
        const dx = runInto([N, C, H, W], (o) => js.conv2dInputGrad!(gy, w, g, o));
        expectSame(runInto([N, C, H, W], (o) => native.conv2dInputGrad!(gy, w, g, o)), dx, `conv2dInputGrad ${key} ${name}`);
      }
      const dw = runInto([O, C, kh, kw], (o) => js.conv2dWeightGrad!(gy, x, g, o));
      expectSame(runInto([O, C, kh, kw], (o) => native.conv2dWeightGrad!(gy, x, g, o)), dw, `conv2dWeightGrad ${key}`);
    });
  });

  test('maxPool2d (ties, NaN, -inf, padding, dilation) and its scatter backward', () => {
    const rng = makeRng(3);
    // [B, H, W, kh, kw, stride h, stride w, pad h, pad w, dil h, dil w]
    for (const [B, H, W, kh, kw, sh, sw, ph, pw, dh, dw] of [
      [16, 26, 26, 2, 2, 2, 2, 0, 0, 1, 1], [5, 9, 11, 3, 3, 2, 2, 1, 1, 1, 1], [3, 10, 12, 3, 2, 1, 2, 1, 0, 2, 1], [2, 7, 33, 2, 3, 1, 1, 1, 1, 1, 2],
    ] as const) {
      const g: WindowGeometry = { kernel: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], outSize: [outSize(H, kh, sh, ph, dh), outSize(W, kw, sw, pw, dw)] };
      const L = g.outSize[0] * g.outSize[1];
      // Values on a coarse grid (ties: the first maximum wins), a few NaN (the last NaN wins) and -inf.
      const x = denseView([B, H, W], 4, () => {
        const r = rng();
        return r < 0.02 ? NaN : r < 0.04 ? -Infinity : Math.round(rng() * 6 - 3);
      });
      forThreads(() => {
        const wantIdx = new Int32Array(B * L), gotIdx = new Int32Array(B * L);
        const want = runInto([B, L], (o) => js.maxPool2d!(x, g, o, contiguousView(wantIdx, [B, L], 'int32')));
        const got = runInto([B, L], (o) => native.maxPool2d!(x, g, o, contiguousView(gotIdx, [B, L], 'int32')));
        const what = `maxPool2d ${B}x${H}x${W} kernel ${kh}x${kw}`;
        expectSame(got, want, what);
        expectSame(gotIdx, wantIdx, `${what} indices`);
        const gy = denseView([B, L], 2, () => rng() * 2 - 1);
        const back = (be: Backend): Float32Array => runInto([B, H * W], (o) => be.maxPool2dBackward!(gy, contiguousView(wantIdx, [B, L], 'int32'), o));
        expectSame(back(native), back(js), `${what} backward`);
      });
    }
  });

  test('a W4-sized Conv2d -> ReLU -> MaxPool2d step: the same output and gradients as on js', () => {
    const run = (name: string): Float32Array[] => {
      core.setBackend(name);
      core.manualSeed(0);
      const x = core.randn(8, 1, 28, 28), w = core.randn(8, 1, 3, 3).requiresGrad_(), b = core.randn(8).requiresGrad_();
      const y = nnOps.maxPool2d(nnOps.conv2d(x, w, b).relu(), 2);
      y.mul(core.randn(8, 8, 13, 13)).sum().backward();
      return [y, w.grad!, b.grad!].map((t) => t.toTypedArray() as Float32Array);
    };
    const before = core.backendName();
    try {
      const want = run('js'), got = run('native');
      want.forEach((v, i) => expectSame(got[i]!, v, ['pooled output', 'weight grad', 'bias grad'][i]!));
    } finally {
      core.setBackend(before);
    }
  });
});
