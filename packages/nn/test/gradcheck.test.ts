/**
 * float64 gradcheck (first and second order) of every nn primitive with a gradient of its own:
 * linear, conv1d/conv2d, im2col/col2im (unfold/fold), pooling, batch/layer/group norm,
 * embedding, pad; bilinear and the composed losses ride on them.
 */
import { Tensor, manualSeed, randn, tensor, ones } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { float64Gradcheck } from './helpers';

const F = nn.functional;
const d = (...shape: number[]): Tensor => randn(shape, { dtype: 'float64' }).requiresGrad_();

beforeEach(() => manualSeed(11));

describe('linear and bilinear', () => {
  it('linear with and without bias, 1-D and 3-D inputs', () => {
    float64Gradcheck((x, w, b) => F.linear(x, w, b), [d(4, 3), d(2, 3), d(2)], true);
    float64Gradcheck((x, w) => F.linear(x, w), [d(3), d(2, 3)], true);
    float64Gradcheck((x, w, b) => F.linear(x, w, b), [d(2, 2, 3), d(4, 3), d(4)], true);
  });
  it('bilinear', () => {
    float64Gradcheck((a, b, w, c) => F.bilinear(a, b, w, c), [d(3, 2), d(3, 3), d(2, 2, 3), d(2)], true);
  });
});

describe('convolution', () => {
  it('conv2d: stride, padding, dilation, groups, bias', () => {
    float64Gradcheck((x, w, b) => F.conv2d(x, w, b, { stride: 2, padding: 1 }), [d(2, 2, 5, 4), d(3, 2, 3, 2), d(3)], true);
    float64Gradcheck((x, w) => F.conv2d(x, w, null, { groups: 2, dilation: [2, 1], padding: 'same' }), [d(1, 4, 5, 4), d(2, 2, 2, 3)], true);
  });
  it('conv1d and unbatched input', () => {
    float64Gradcheck((x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 2 }), [d(2, 3, 7), d(2, 3, 3), d(2)], true);
    float64Gradcheck((x, w) => F.conv2d(x, w), [d(2, 4, 4), d(3, 2, 2, 2)], true);
  });
  it('unfold and fold (im2col / col2im)', () => {
    float64Gradcheck((x) => F.unfold(x, [2, 3], { padding: 1, stride: [2, 1], dilation: [1, 2] }), [d(1, 2, 4, 5)], true);
    float64Gradcheck((c) => F.fold(c, [4, 5], 2, { padding: 1, stride: 2 }), [d(1, 8, 9)], true);
  });
});

describe('pooling', () => {
  it('maxPool2d (distinct values so the argmax is stable under perturbation)', () => {
    const x = tensor(Array.from({ length: 2 * 2 * 5 * 6 }, (_, i) => Math.sin(i * 1.7) * 3 + i * 0.01), { dtype: 'float64' })
      .reshape([2, 2, 5, 6]).requiresGrad_();
    float64Gradcheck((t) => F.maxPool2d(t, 3, { stride: 2, padding: 1 }), [x], true);
    float64Gradcheck((t) => F.maxPool2d(t, 2, { ceilMode: true, dilation: 1 }), [x], true);
  });
  it('avgPool2d with padding, ceil mode, excluded padding and divisor override', () => {
    float64Gradcheck((x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), [d(1, 2, 5, 6)], true);
    float64Gradcheck((x) => F.avgPool2d(x, 2, { ceilMode: true, padding: 1, divisorOverride: 3 }), [d(1, 1, 5, 5)], true);
  });
  it('adaptiveAvgPool2d', () => {
    float64Gradcheck((x) => F.adaptiveAvgPool2d(x, [3, 2]), [d(2, 7, 5)], true);
  });
});

describe('normalization', () => {
  it('batchNorm in training (batch statistics) and with running statistics', () => {
    float64Gradcheck((x, w, b) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true }), [d(4, 3, 2), d(3), d(3)], true);
    const rm = randn(3, { dtype: 'float64' }), rv = randn(3, { dtype: 'float64' }).abs().add(0.5);
    float64Gradcheck((x, w, b) => F.batchNorm(x, rm, rv, { weight: w, bias: b }), [d(4, 3), d(3), d(3)], true);
  });
  it('layerNorm and groupNorm', () => {
    float64Gradcheck((x, w, b) => F.layerNorm(x, [2, 3], { weight: w, bias: b }), [d(2, 2, 3), d(2, 3), d(2, 3)], true);
    float64Gradcheck((x) => F.layerNorm(x, [4]), [d(3, 4)], true);
    float64Gradcheck((x, w, b) => F.groupNorm(x, 2, { weight: w, bias: b }), [d(2, 4, 3), d(4), d(4)], true);
  });
});

describe('embedding and pad', () => {
  it('embedding, with a padding index that gets no gradient', () => {
    const idx = tensor([[0, 2], [2, 3]]);
    float64Gradcheck((w) => F.embedding(idx, w), [d(4, 3)], true);
    const w = ones(4, 2).requiresGrad_();
    F.embedding(idx, w, { paddingIdx: 2 }).sum().backward();
    expect(w.grad!.tolist()).toEqual([[1, 1], [0, 0], [0, 0], [1, 1]]);
  });
  it('pad in every mode', () => {
    float64Gradcheck((x) => F.pad(x, [1, -1, 2, 0], 'constant', 0.5), [d(2, 3, 4)], true);
    float64Gradcheck((x) => F.pad(x, [2, 1], 'reflect'), [d(1, 2, 4)], true);
    float64Gradcheck((x) => F.pad(x, [1, 2, 2, 0], 'replicate'), [d(1, 2, 3)], true);
    float64Gradcheck((x) => F.pad(x, [1, 1, 2, 1], 'circular'), [d(1, 1, 3, 3)], true);
  });
});

describe('module parameters receive the gradients', () => {
  it('Conv2d + BatchNorm2d + pooling + Linear in a Sequential (float64)', () => {
    const net = new nn.Sequential(
      new nn.Conv2d(1, 2, 3, { padding: 1 }), new nn.BatchNorm2d(2), new nn.ReLU(), new nn.AvgPool2d(2),
      new nn.Flatten(), new nn.Linear(8, 3),
    ).double();
    const x = randn(2, 1, 4, 4, { dtype: 'float64' });
    // gradcheck perturbs the parameters in place; the net reads them.
    float64Gradcheck(() => nn.functional.crossEntropy(net(x), tensor([0, 2])), net.parameters(), false);
  });
});
