/**
 * conv2d and max_pool2d through the optional one-pass Backend kernels (conv2d, its two
 * gradients, maxPool2d and its scatter) against the composed im2col/matmul/scatterAdd path they
 * replace, on every CPU backend; and double backward, which keeps the composed, differentiable
 * gradients.
 */
import { autograd, manualSeed, randn, setBackend, backendName, type Tensor } from '@torchlet/core';
import { getBackend, registerBackend } from '@torchlet/core/backend';
import { nnOps } from '@torchlet/core/internal';

const { conv2d, maxPool2d, maxPoolNd } = nnOps;

/** Each CPU backend under the name `${name}-composed`, with the optional conv and pool kernels hidden. */
for (const name of ['js', 'wasm', 'auto']) {
  registerBackend({ ...getBackend(name), name: `${name}-composed`, conv2d: undefined, conv2dInputGrad: undefined, conv2dWeightGrad: undefined, maxPool2d: undefined, maxPool2dBackward: undefined });
}

function onBackend<T>(name: string, fn: () => T): T {
  const before = backendName();
  setBackend(name);
  try {
    return fn();
  } finally {
    setBackend(before);
  }
}

function expectClose(got: Tensor, want: Tensor, what: string, rtol = 1e-5, atol = 1e-5): void {
  const g = got.toTypedArray(), w = want.toTypedArray();
  expect(got.shape).toEqual(want.shape);
  for (let i = 0; i < w.length; i++) {
    if (Math.abs(g[i]! - w[i]!) > atol + rtol * Math.abs(w[i]!)) throw new Error(`${what}: element ${i} is ${g[i]}, composed ${w[i]}`);
  }
}

/** A conv -> relu -> pool step's output and gradients (x, w, b) on the current backend. */
function step(opts: { stride?: number; padding?: number | 'same'; dilation?: number; k?: number }, pool: { k: number; stride?: number; padding?: number }): Tensor[] {
  manualSeed(1);
  const k = opts.k ?? 3;
  const x = randn(3, 2, 11, 12).requiresGrad_(), w = randn(4, 2, k, k).requiresGrad_(), b = randn(4).requiresGrad_();
  const y = maxPool2d(conv2d(x, w, b, { stride: opts.stride, padding: opts.padding, dilation: opts.dilation }).relu(), pool.k, { stride: pool.stride, padding: pool.padding ?? 0 });
  y.mul(randn(...y.shape)).sum().backward();
  return [y, x.grad!, w.grad!, b.grad!];
}

describe.each(['js', 'wasm', 'auto'])('conv2d and max_pool2d kernels on %s', (name) => {
  test.each([
    [{}, { k: 2 }],
    [{ stride: 2, padding: 1 }, { k: 3, stride: 2, padding: 1 }],
    [{ padding: 2, dilation: 2 }, { k: 2, stride: 1 }],
    // An even kernel with padding='same' pads one more row and column after than before.
    [{ padding: 'same', k: 4 }, { k: 2 }],
  ] as const)('match the composed path (conv %o, pool %o)', (opts, pool) => {
    const got = onBackend(name, () => step(opts, pool)), want = onBackend(`${name}-composed`, () => step(opts, pool));
    ['output', 'x grad', 'weight grad', 'bias grad'].forEach((what, i) => expectClose(got[i]!, want[i]!, what));
  });

  test('max_pool2d indices are the composed path\'s (ties: the first maximum)', () => {
    const x = randn(2, 3, 9, 9).round();
    const [v, i] = onBackend(name, () => maxPoolNd(x, 2, 3, { stride: 2, padding: 1 }));
    const [v0, i0] = onBackend(`${name}-composed`, () => maxPoolNd(x, 2, 3, { stride: 2, padding: 1 }));
    expect(Array.from(v.toTypedArray())).toEqual(Array.from(v0.toTypedArray()));
    expect(Array.from(i.toTypedArray())).toEqual(Array.from(i0.toTypedArray()));
  });

  test('double backward through conv2d and max_pool2d (float32) equals the composed path\'s', () => {
    const run = (): Tensor[] => {
      manualSeed(2);
      const x = randn(2, 1, 8, 8).requiresGrad_(), w = randn(3, 1, 3, 3).requiresGrad_();
      const y = maxPool2d(conv2d(x, w, null, { padding: 1 }), 2);
      const [gx] = autograd.grad(y.pow(2).sum(), x, { createGraph: true });
      const [gw] = autograd.grad(gx!.pow(2).sum(), w);
      return [gx!, gw!];
    };
    const got = onBackend(name, run), want = onBackend(`${name}-composed`, run);
    expectClose(got[0]!, want[0]!, 'first gradient');
    expectClose(got[1]!, want[1]!, 'second gradient', 1e-4, 1e-4);
  });
});
