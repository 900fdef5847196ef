// im2col / col2im for float32 in the TypeScript kernels' loop order (col2im adds in the same
// order, so its sums carry the same bits). Geometry at g (12 x i32): kh, kw, strH, strW, padH,
// padW, dilH, dilW, oh, ow, H, W.

/** cols [N, C*kh*kw, oh*ow] from x [N, C, H, W] with element strides sN, sC, sH, sW. */
export function im2colF32(x: usize, N: i32, C: i32, sN: i32, sC: i32, sH: i32, sW: i32, g: usize, pad: f32, out: usize): void {
  const kh = load<i32>(g), kw = load<i32>(g, 4), strH = load<i32>(g, 8), strW = load<i32>(g, 12);
  const padH = load<i32>(g, 16), padW = load<i32>(g, 20), dilH = load<i32>(g, 24), dilW = load<i32>(g, 28);
  const oh = load<i32>(g, 32), ow = load<i32>(g, 36), H = load<i32>(g, 40), W = load<i32>(g, 44);
  let o = out;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x + (<usize>(n * sN + c * sC) << 2);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          // Valid output columns: 0 <= xo*strW - padW + j*dilW < W.
          const off = j * dilW - padW;
          let lo = off >= 0 ? 0 : (-off + strW - 1) / strW;
          let hi = W - off <= 0 ? 0 : (W - off + strW - 1) / strW;
          if (lo > ow) lo = ow;
          if (hi > ow) hi = ow;
          if (hi < lo) hi = lo;
          for (let y = 0; y < oh; y++) {
            const h = y * strH - padH + i * dilH;
            if (h < 0 || h >= H) {
              for (let xo = 0; xo < ow; xo++) store<f32>(o + (<usize>xo << 2), pad);
            } else {
              const row = base + (<usize>(h * sH) << 2);
              for (let xo = 0; xo < lo; xo++) store<f32>(o + (<usize>xo << 2), pad);
              if (strW == 1 && sW == 1) {
                memory.copy(o + (<usize>lo << 2), row + (<usize>(lo + off) << 2), <usize>(hi - lo) << 2);
              } else {
                for (let xo = lo; xo < hi; xo++) store<f32>(o + (<usize>xo << 2), load<f32>(row + (<usize>((xo * strW + off) * sW) << 2)));
              }
              for (let xo = hi; xo < ow; xo++) store<f32>(o + (<usize>xo << 2), pad);
            }
            o += <usize>ow << 2;
          }
        }
      }
    }
  }
}

/** Adds cols [N, C*kh*kw, oh*ow] (element strides sN, sK, sL) into out [N, C, H, W] (contiguous). */
export function col2imF32(cols: usize, N: i32, C: i32, sN: i32, sK: i32, sL: i32, g: usize, out: usize): void {
  const kh = load<i32>(g), kw = load<i32>(g, 4), strH = load<i32>(g, 8), strW = load<i32>(g, 12);
  const padH = load<i32>(g, 16), padW = load<i32>(g, 20), dilH = load<i32>(g, 24), dilW = load<i32>(g, 28);
  const oh = load<i32>(g, 32), ow = load<i32>(g, 36), H = load<i32>(g, 40), W = load<i32>(g, 44);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const outBase = out + (<usize>((n * C + c) * H * W) << 2);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const k = (c * kh + i) * kw + j;
          const src = cols + (<usize>(n * sN + k * sK) << 2);
          // Valid output columns, as in im2colF32.
          const off = j * dilW - padW;
          let lo = off >= 0 ? 0 : (-off + strW - 1) / strW;
          let hi = W - off <= 0 ? 0 : (W - off + strW - 1) / strW;
          if (lo > ow) lo = ow;
          if (hi > ow) hi = ow;
          for (let y = 0; y < oh; y++) {
            const h = y * strH - padH + i * dilH;
            if (h < 0 || h >= H) continue;
            const orow = outBase + (<usize>(h * W + off) << 2);
            const srow = src + (<usize>(y * ow * sL) << 2);
            for (let xo = lo; xo < hi; xo++) {
              const p = orow + (<usize>(xo * strW) << 2);
              store<f32>(p, load<f32>(p) + load<f32>(srow + (<usize>(xo * sL) << 2)));
            }
          }
        }
      }
    }
  }
}
