/**
 * The conformance spec's gather/scatter and nn-kernel cases (windows, softmax, losses, the
 * optional float32 replays of gelu's backward and layer norm, and the optional one-pass conv2d
 * and max-pool kernels), split from backend-spec.ts, which
 * runs them with the rest.
 */
import type { Spec } from './backend-spec';
import { LAYOUTS } from './backend-views';
export function indexingTests({ b, js, view, outs, check }: Spec): void {
  test('gather, scatter, indexSelect', async () => {
    for (const layout of LAYOUTS) {
      const x = view([6, 50], 'float32', layout);
      const index = view([6, 30], 'int32', 'contiguous', 0, 6);
      const [want, got] = outs([6, 30], 'float32');
      js.gather(x, 0, index, want);
      b.gather(x, 0, index, got);
      await check(got, want, `gather ${layout}`);
      for (const reduce of ['none', 'add', 'amax'] as const) {
        const [w2, g2] = outs([6, 50], 'float32');
        js.fill(w2, 1);
        b.fill(g2, 1);
        const src = view([6, 30], 'float32', 'contiguous');
        js.scatter(w2, 0, index, src, reduce);
        b.scatter(g2, 0, index, src, reduce);
        await check(g2, w2, `scatter ${reduce}`);
      }
      const idx1 = view([7], 'int32', 'contiguous', 0, 6);
      const [w3, g3] = outs([7, 50], 'float32');
      js.indexSelect(x, 0, idx1, w3);
      b.indexSelect(x, 0, idx1, g3);
      await check(g3, w3, `indexSelect ${layout}`);
    }
  });
}

export function nnTests({ b, js, caps, floats, view, outs, check, read }: Spec): void {
  test('im2col and col2im (conv and pooling windows)', async () => {
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
        const x = view([N, C, H, W], 'float32', layout);
        for (const pad of [0, -Infinity]) {
          const [want, got] = outs([N, C * kk, oh * ow], 'float32');
          js.im2col(x, geom, pad, want);
          b.im2col(x, geom, pad, got);
          await check(got, want, `im2col ${layout} pad ${pad}`);
        }
        const cols = view([N, C * kk, oh * ow], 'float32', layout);
        const [want, got] = outs([N, C, H, W], 'float32');
        js.col2im(cols, geom, [H, W], want);
        b.col2im(cols, geom, [H, W], got);
        await check(got, want, `col2im ${layout}`);
      }
    }
  });

  test('softmax and logSoftmax', async () => {
    for (const layout of LAYOUTS) {
      const x = view([6, 50, 3], 'float32', layout);
      for (const log of [false, true]) {
        const [want, got] = outs([6, 50, 3], 'float32');
        js.softmax(x, want, log);
        b.softmax(x, got, log);
        await check(got, want, `softmax log=${log} ${layout}`);
      }
    }
  });

  // Optional CPU kernels: PyTorch's float32 gelu backward and layer norm replays.
  const exactRows = b.geluBackward !== undefined && b.layerNorm !== undefined && b.layerNormBackward !== undefined;
  (exactRows ? test : test.skip)('geluBackward, layerNorm and layerNormBackward', async () => {
    for (const [M, N] of [[3, 5], [7, 40], [4, 300], [2, 1029]] as const) {
      const x = view([M, N], 'float32', 'contiguous', -4, 4), g = view([M, N], 'float32', 'contiguous', -2, 2);
      const [wg, gg] = outs([M, N], 'float32');
      js.geluBackward!(g, x, wg);
      b.geluBackward!(g, x, gg);
      await check(gg, wg, `geluBackward ${M}x${N}`, 0, 0);
      const w = view([N], 'float32', 'contiguous', 0.5, 1.5), bias = view([N], 'float32', 'contiguous', -1, 1);
      for (const affine of [false, true]) {
        const [wy, gy] = outs([M, N], 'float32'), [wm, gm] = outs([M], 'float32'), [wr, gr] = outs([M], 'float32');
        js.layerNorm!(x, affine ? w : null, affine ? bias : null, 1e-5, M, N, wy, wm, wr);
        b.layerNorm!(x, affine ? w : null, affine ? bias : null, 1e-5, M, N, gy, gm, gr);
        await check(gy, wy, `layerNorm ${M}x${N} affine=${affine}`, 0, 0);
        await check(gm, wm, `layerNorm mean ${M}x${N}`, 0, 0);
        await check(gr, wr, `layerNorm rstd ${M}x${N}`, 0, 0);
        const [wx, gx] = outs([M, N], 'float32'), [ww, gw] = outs([N], 'float32'), [wb, gb] = outs([N], 'float32');
        js.layerNormBackward!(g, x, wm, wr, affine ? w : null, M, N, wx, ww, wb);
        b.layerNormBackward!(g, x, wm, wr, affine ? w : null, M, N, gx, gw, gb);
        await check(gx, wx, `layerNormBackward dx ${M}x${N} affine=${affine}`, 0, 0);
        await check(gw, ww, `layerNormBackward dw ${M}x${N}`, 0, 0);
        await check(gb, wb, `layerNormBackward db ${M}x${N}`, 0, 0);
      }
    }
  });

  // Optional CPU kernels: one-pass conv2d with both gradients, max pooling and its scatter.
  const convKernels = b.conv2d !== undefined && b.conv2dInputGrad !== undefined && b.conv2dWeightGrad !== undefined;
  (convKernels ? test : test.skip)('conv2d, conv2dInputGrad, conv2dWeightGrad', async () => {
    // As matmul's: a few roundings per summed term (wasm without relaxed SIMD rounds products apart).
    const atol = (terms: number): number => 4 * terms * 4 * 2 ** -24;
    const cases = [
      { N: 3, C: 1, H: 28, W: 28, O: 8, g: { kernel: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1] } },
      { N: 2, C: 3, H: 9, W: 10, O: 5, g: { kernel: [3, 2], stride: [2, 3], padding: [1, 1], dilation: [1, 1] } },
      { N: 2, C: 2, H: 11, W: 13, O: 4, g: { kernel: [3, 3], stride: [1, 2], padding: [2, 1], dilation: [2, 1] } },
    ] as const;
    for (const { N, C, H, W, O, g } of cases) {
      const oh = Math.floor((H + 2 * g.padding[0] - g.dilation[0] * (g.kernel[0] - 1) - 1) / g.stride[0]) + 1;
      const ow = Math.floor((W + 2 * g.padding[1] - g.dilation[1] * (g.kernel[1] - 1) - 1) / g.stride[1]) + 1;
      const geom = { ...g, outSize: [oh, ow] as const };
      const what = `${N}x${C}x${H}x${W} kernel ${g.kernel.join('x')} stride ${g.stride.join(',')}`;
      for (const layout of ['contiguous', 'offset'] as const) {
        const x = view([N, C, H, W], 'float32', layout), w = view([O, C, ...g.kernel], 'float32', layout);
        const bias = view([O], 'float32', layout), gy = view([N, O, oh, ow], 'float32', layout);
        for (const bv of [null, bias]) {
          const [want, got] = outs([N, O, oh, ow], 'float32');
          js.conv2d!(x, w, bv, geom, want);
          b.conv2d!(x, w, bv, geom, got);
          await check(got, want, `conv2d ${what} bias=${bv !== null} ${layout}`, atol(C * g.kernel[0] * g.kernel[1] + 1), 1e-5);
        }
        const [wx, gx] = outs([N, C, H, W], 'float32');
        js.conv2dInputGrad!(gy, w, geom, wx);
        b.conv2dInputGrad!(gy, w, geom, gx);
        await check(gx, wx, `conv2dInputGrad ${what} ${layout}`, atol(O * g.kernel[0] * g.kernel[1]), 1e-5);
        const [ww, gw] = outs([O, C, ...g.kernel], 'float32');
        js.conv2dWeightGrad!(gy, x, geom, ww);
        b.conv2dWeightGrad!(gy, x, geom, gw);
        await check(gw, ww, `conv2dWeightGrad ${what} ${layout}`, atol(N * oh * ow), 1e-5);
      }
    }
  });

  (b.maxPool2d !== undefined && b.maxPool2dBackward !== undefined ? test : test.skip)('maxPool2d and maxPool2dBackward', async () => {
    const cases = [
      { B: 24, H: 26, W: 26, g: { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], outSize: [13, 13] } },
      { B: 5, H: 9, W: 11, g: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], outSize: [5, 6] } },
      { B: 3, H: 10, W: 12, g: { kernel: [3, 2], stride: [1, 2], padding: [1, 0], dilation: [2, 1], outSize: [8, 6] } },
    ] as const;
    for (const { B, H, W, g } of cases) {
      const L = g.outSize[0] * g.outSize[1];
      for (const dtype of floats) {
        const x = view([B, H, W], dtype, 'contiguous', -3, 3);
        const xs = view([B, H, W], dtype, 'offset', -3, 3);
        for (const [input, layout] of [[x, 'contiguous'], [xs, 'offset']] as const) {
          const [wv, gv] = outs([B, L], dtype), [wi, gi] = outs([B, L], 'int32');
          js.maxPool2d!(input, g, wv, wi);
          b.maxPool2d!(input, g, gv, gi);
          await check(gv, wv, `maxPool2d ${B}x${H}x${W} ${dtype} ${layout}`, 0, 0);
          await check(gi, wi, `maxPool2d indices ${B}x${H}x${W} ${layout}`, 0, 0);
          // The backward's operands are dense (the op layer's tensors): indices from a dense forward.
          const idx = view([B, L], 'int32', 'contiguous', 0, 0), values = view([B, L], dtype, 'contiguous', 0, 0);
          b.maxPool2d!(input, g, values, idx);
          const gy = view([B, L], dtype, layout);
          const want = view([B, H * W], dtype, layout), got = view([B, H * W], dtype, layout);
          js.fill(want, 0);
          b.fill(got, 0);
          js.maxPool2dBackward!(gy, idx, want);
          b.maxPool2dBackward!(gy, idx, got);
          expect(Array.from(await read(got))).toEqual(Array.from(await read(want)));
        }
      }
    }
  });

  test('nllLoss, nllLossGrad, crossEntropyGrad', async () => {
    const input = view([8, 5, 3], 'float32', 'transposed');
    const target = view([8, 3], 'int32', 'contiguous', 0, 5);
    const weight = view([5], 'float32', 'contiguous', 0.5, 2);
    for (const w of [null, weight]) {
      for (const reduction of ['none', 'mean', 'sum'] as const) {
        const [wl, gl] = outs(reduction === 'none' ? [8, 3] : [], 'float32');
        const wt = js.nllLoss(input, target, w, 2, reduction, wl);
        const gt = b.nllLoss(input, target, w, 2, reduction, gl);
        // webgpu keeps the total weight on the device (NaN here); its gradients recompute it
        if (caps.hostScalars) expect(gt).toBe(wt);
        else expect(gt).toBe(NaN);
        await check(gl, wl, `nllLoss ${reduction}`);
        const grad = reduction === 'none' ? view([8, 3], 'float32', 'contiguous') : 0.75;
        const [wg, gg] = outs([8, 5, 3], 'float32');
        js.nllLossGrad(target, w, 2, reduction, grad, wt, 5, wg);
        b.nllLossGrad(target, w, 2, reduction, grad, wt, 5, gg);
        await check(gg, wg, `nllLossGrad ${reduction}`);
        const [wc, gc] = outs([8, 5, 3], 'float32');
        js.crossEntropyGrad(input, target, w, 2, reduction, grad, wt, wc);
        b.crossEntropyGrad(input, target, w, 2, reduction, grad, wt, gc);
        await check(gc, wc, `crossEntropyGrad ${reduction}`);
      }
    }
  });
}
