// One-pass 2-D convolution (groups 1, zero padding) of dense float32 NCHW arrays, its input and
// weight gradients, and 2-D max pooling with indices, in the js oracle's order
// (core's backend/js/conv2d.ts); with relaxed SIMD each multiply-add is fused as there.
// Geometry at g (12 x i32): kh, kw, strH, strW, padH, padW, dilH, dilW, oh, ow, H, W.
import { madd } from './simd';

// @ts-ignore: decorator
@inline function fma1(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Output columns [lo, hi) whose tap column offset `off` reads inside [0, W), packed lo | hi << 16. */
function validCols(off: i32, strW: i32, W: i32, ow: i32): i32 {
  let lo = off >= 0 ? 0 : (-off + strW - 1) / strW;
  let hi = W - off <= 0 ? 0 : (W - off + strW - 1) / strW;
  if (lo > ow) lo = ow;
  if (hi > ow) hi = ow;
  if (hi < lo) hi = lo;
  return lo | (hi << 16);
}

/** 16 lanes (a0 lanes 0-3 ... a3 lanes 12-15) folded 8 apart, 4, 2, then 1. */
// @ts-ignore: decorator
@inline function fold16(a0: v128, a1: v128, a2: v128, a3: v128): f32 {
  const v = f32x4.add(f32x4.add(a0, a2), f32x4.add(a1, a3));
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 2)) + (f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 3));
}

function fillNaN(p: usize, n: i32): void {
  for (let q = 0; q < n; q++) store<f32>(at(p, q), NaN);
}

/** out [N, O, oh, ow] = conv(x [N, C, H, W], w [O, C, kh, kw]) + b (when hasBias). */
export function conv2dF32(x: usize, w: usize, b: usize, hasBias: i32, out: usize, N: i32, C: i32, O: i32, g: usize): void {
  const kh = load<i32>(g), kw = load<i32>(g, 4), strH = load<i32>(g, 8), strW = load<i32>(g, 12);
  const padH = load<i32>(g, 16), padW = load<i32>(g, 20), dilH = load<i32>(g, 24), dilW = load<i32>(g, 28);
  const oh = load<i32>(g, 32), ow = load<i32>(g, 36), H = load<i32>(g, 40), W = load<i32>(g, 44);
  const L = oh * ow, HW = H * W;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const acc = at(out, (n * O + o) * L);
      memory.fill(acc, 0, <usize>L << 2);
      for (let c = 0; c < C; c++) {
        const plane = at(x, (n * C + c) * HW);
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const wv = load<f32>(at(w, ((o * C + c) * kh + i) * kw + j));
            const wv4 = f32x4.splat(wv);
            const off = j * dilW - padW, cols = validCols(off, strW, W, ow), lo = cols & 0xffff, hi = cols >> 16;
            const padNaN = !isFinite(wv);  // w * 0 in the padding: NaN only then
            for (let y = 0; y < oh; y++) {
              const a = at(acc, y * ow);
              const h = y * strH - padH + i * dilH;
              if (h < 0 || h >= H) {
                if (padNaN) fillNaN(a, ow);
                continue;
              }
              const row = at(plane, h * W + off);
              let q = lo;
              if (strW == 1) {
                for (; q + 4 <= hi; q += 4) v128.store(at(a, q), madd(wv4, v128.load(at(row, q)), v128.load(at(a, q))));
                for (; q < hi; q++) store<f32>(at(a, q), fma1(wv, load<f32>(at(row, q)), load<f32>(at(a, q))));
              } else {
                for (; q < hi; q++) store<f32>(at(a, q), fma1(wv, load<f32>(at(row, q * strW)), load<f32>(at(a, q))));
              }
              if (padNaN) { fillNaN(a, lo); fillNaN(at(a, hi), ow - hi); }
            }
          }
        }
      }
      if (hasBias) {
        const bv = load<f32>(at(b, o));
        for (let p = 0; p < L; p++) store<f32>(at(acc, p), load<f32>(at(acc, p)) + bv);
      }
    }
  }
}

/**
 * The forward for unit column stride: each sample's planes copied into a zero-bordered buffer
 * (pad: C * Hp * (ow rounded up to 16 + dilW (kw - 1)) + 16 floats, Hp the rows the windows
 * reach), then each output row
 * in chunks of 16 held in four vectors across all taps (padding taps multiply the border's
 * zeros, as the oracle's do; columns past ow are computed and dropped).
 */
export function conv2dRowsF32(x: usize, w: usize, b: usize, hasBias: i32, out: usize, N: i32, C: i32, O: i32, g: usize, pad: usize): void {
  const kh = load<i32>(g), kw = load<i32>(g, 4), strH = load<i32>(g, 8);
  const padH = load<i32>(g, 16), padW = load<i32>(g, 20), dilH = load<i32>(g, 24), dilW = load<i32>(g, 28);
  const oh = load<i32>(g, 32), ow = load<i32>(g, 36), H = load<i32>(g, 40), W = load<i32>(g, 44);
  const L = oh * ow, HW = H * W, owp = (ow + 15) & ~15, Wp = owp + dilW * (kw - 1), T = C * kh * kw;
  // The windows' reach in rows (padding='same' pads one more row after than before).
  const Hp = max(H + padH, (oh - 1) * strH + (kh - 1) * dilH + 1);
  for (let n = 0; n < N; n++) {
    memory.fill(pad, 0, <usize>(C * Hp * Wp) << 2);
    for (let c = 0; c < C; c++) {
      for (let h = 0; h < H; h++) {
        memory.copy(at(pad, (c * Hp + h + padH) * Wp + padW), at(x, (n * C + c) * HW + h * W), <usize>W << 2);
      }
    }
    for (let o = 0; o < O; o++) {
      const wo = at(w, o * T);
      const bv = hasBias ? load<f32>(at(b, o)) : <f32>0;
      for (let y = 0; y < oh; y++) {
        const dst = at(out, (n * O + o) * L + y * ow);
        for (let q0 = 0; q0 < owp; q0 += 16) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
          for (let c = 0; c < C; c++) {
            for (let i = 0; i < kh; i++) {
              const prow = at(pad, (c * Hp + y * strH + i * dilH) * Wp + q0);
              for (let j = 0; j < kw; j++) {
                const wv = f32x4.splat(load<f32>(at(wo, (c * kh + i) * kw + j)));
                const src = at(prow, j * dilW);
                a0 = madd(wv, v128.load(src), a0);
                a1 = madd(wv, v128.load(src, 16), a1);
                a2 = madd(wv, v128.load(src, 32), a2);
                a3 = madd(wv, v128.load(src, 48), a3);
              }
            }
          }
          const valid = min(16, ow - q0);
          if (valid == 16 && !hasBias) {
            v128.store(at(dst, q0), a0); v128.store(at(dst, q0), a1, 16); v128.store(at(dst, q0), a2, 32); v128.store(at(dst, q0), a3, 48);
          } else {
            const bv4 = f32x4.splat(bv);
            // The bias add rounds once per element, as the oracle's; only `valid` lanes are kept.
            const tmp = at(pad, C * Hp * Wp);
            v128.store(tmp, a0); v128.store(tmp, a1, 16); v128.store(tmp, a2, 32); v128.store(tmp, a3, 48);
            if (hasBias) {
              v128.store(tmp, f32x4.add(a0, bv4)); v128.store(tmp, f32x4.add(a1, bv4), 16);
              v128.store(tmp, f32x4.add(a2, bv4), 32); v128.store(tmp, f32x4.add(a3, bv4), 48);
            }
            memory.copy(at(dst, q0), tmp, <usize>valid << 2);
          }
        }
      }
    }
  }
}

/** dx [N, C, H, W] from gy [N, O, oh, ow] and w; col: scratch of oh*ow floats. */
export function conv2dInputGradF32(gy: usize, w: usize, out: usize, N: i32, C: i32, O: i32, g: usize, col: usize): void {
  const kh = load<i32>(g), kw = load<i32>(g, 4), strH = load<i32>(g, 8), strW = load<i32>(g, 12);
  const padH = load<i32>(g, 16), padW = load<i32>(g, 20), dilH = load<i32>(g, 24), dilW = load<i32>(g, 28);
  const oh = load<i32>(g, 32), ow = load<i32>(g, 36), H = load<i32>(g, 40), W = load<i32>(g, 44);
  const L = oh * ow, HW = H * W;
  memory.fill(out, 0, <usize>(N * C * HW) << 2);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = at(out, (n * C + c) * HW);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          memory.fill(col, 0, <usize>L << 2);
          for (let o = 0; o < O; o++) {
            const wv = load<f32>(at(w, ((o * C + c) * kh + i) * kw + j)), wv4 = f32x4.splat(wv);
            const gp = at(gy, (n * O + o) * L);
            let p = 0;
            for (; p + 4 <= L; p += 4) v128.store(at(col, p), madd(wv4, v128.load(at(gp, p)), v128.load(at(col, p))));
            for (; p < L; p++) store<f32>(at(col, p), fma1(wv, load<f32>(at(gp, p)), load<f32>(at(col, p))));
          }
          const off = j * dilW - padW, cols = validCols(off, strW, W, ow), lo = cols & 0xffff, hi = cols >> 16;
          for (let y = 0; y < oh; y++) {
            const h = y * strH - padH + i * dilH;
            if (h < 0 || h >= H) continue;
            const row = at(plane, h * W + off), src = at(col, y * ow);
            let q = lo;
            if (strW == 1) {
              for (; q + 4 <= hi; q += 4) v128.store(at(row, q), f32x4.add(v128.load(at(row, q)), v128.load(at(src, q))));
              for (; q < hi; q++) store<f32>(at(row, q), load<f32>(at(row, q)) + load<f32>(at(src, q)));
            } else {
              for (; q < hi; q++) store<f32>(at(row, q * strW), load<f32>(at(row, q * strW)) + load<f32>(at(src, q)));
            }
          }
        }
      }
    }
  }
}

/**
 * dw [O, C, kh, kw] from gy [N, O, oh, ow] and x [N, C, H, W]: per sample 16 lanes folded 8, 4,
 * 2, 1 apart, added into dw in sample order. Scratch at s: (O + 1) rows of oh*ow rounded up to 16.
 */
export function conv2dWeightGradF32(gy: usize, x: usize, out: usize, N: i32, C: i32, O: i32, g: usize, s: usize): void {
  const kh = load<i32>(g), kw = load<i32>(g, 4), strH = load<i32>(g, 8), strW = load<i32>(g, 12);
  const padH = load<i32>(g, 16), padW = load<i32>(g, 20), dilH = load<i32>(g, 24), dilW = load<i32>(g, 28);
  const oh = load<i32>(g, 32), ow = load<i32>(g, 36), H = load<i32>(g, 40), W = load<i32>(g, 44);
  const L = oh * ow, Lp = (L + 15) & ~15, HW = H * W, T = C * kh * kw;
  const tap = at(s, O * Lp);
  memory.fill(out, 0, <usize>(O * T) << 2);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      memory.copy(at(s, o * Lp), at(gy, (n * O + o) * L), <usize>L << 2);
      memory.fill(at(s, o * Lp + L), 0, <usize>(Lp - L) << 2);
    }
    for (let c = 0; c < C; c++) {
      const plane = at(x, (n * C + c) * HW);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          memory.fill(tap, 0, <usize>Lp << 2);
          const off = j * dilW - padW, cols = validCols(off, strW, W, ow), lo = cols & 0xffff, hi = cols >> 16;
          for (let y = 0; y < oh; y++) {
            const h = y * strH - padH + i * dilH;
            if (h < 0 || h >= H) continue;
            const row = at(plane, h * W + off), dst = at(tap, y * ow);
            if (strW == 1) memory.copy(at(dst, lo), at(row, lo), <usize>(hi - lo) << 2);
            else for (let q = lo; q < hi; q++) store<f32>(at(dst, q), load<f32>(at(row, q * strW)));
          }
          const t = (c * kh + i) * kw + j;
          // Two output channels per pass: eight independent chains share each tap vector.
          for (let o = 0; o < O; o += 2) {
            const gp = at(s, o * Lp), gq = at(gp, select<i32>(Lp, 0, o + 1 < O));
            let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
            let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
            for (let p = 0; p < Lp; p += 16) {
              const t0 = v128.load(at(tap, p)), t1 = v128.load(at(tap, p), 16), t2 = v128.load(at(tap, p), 32), t3 = v128.load(at(tap, p), 48);
              a0 = madd(v128.load(at(gp, p)), t0, a0);
              a1 = madd(v128.load(at(gp, p), 16), t1, a1);
              a2 = madd(v128.load(at(gp, p), 32), t2, a2);
              a3 = madd(v128.load(at(gp, p), 48), t3, a3);
              b0 = madd(v128.load(at(gq, p)), t0, b0);
              b1 = madd(v128.load(at(gq, p), 16), t1, b1);
              b2 = madd(v128.load(at(gq, p), 32), t2, b2);
              b3 = madd(v128.load(at(gq, p), 48), t3, b3);
            }
            const d = at(out, o * T + t);
            store<f32>(d, load<f32>(d) + fold16(a0, a1, a2, a3));
            if (o + 1 < O) store<f32>(at(d, T), load<f32>(at(d, T)) + fold16(b0, b1, b2, b3));
          }
        }
      }
    }
  }
}

/** One window, tap by tap: a value replaces the max when greater or NaN; writes out[q], idx[q]. */
// @ts-ignore: decorator
@inline function poolWindow(plane: usize, W: i32, h0: i32, h1: i32, dilH: i32, w0in: i32, kw: i32, dilW: i32, out: usize, idx: usize): void {
  let w0 = w0in;
  const w1 = min(w0 + (kw - 1) * dilW + 1, W);
  while (w0 < 0) w0 += dilW;
  let best: f32 = -Infinity, arg = h0 * W + w0;
  for (let h = h0; h < h1; h += dilH) {
    for (let w = w0; w < w1; w += dilW) {
      // Selects, not a branch: on noisy data the maximum moves unpredictably.
      const e = h * W + w, v = load<f32>(at(plane, e));
      const take = (v > best) | (v != v);
      best = select<f32>(v, best, take);
      arg = select<i32>(e, arg, take);
    }
  }
  store<f32>(out, best);
  store<i32>(idx, arg);
}

/**
 * Max pooling of B planes x [H, W] into out (f32) and idx (i32) [B, oh, ow], PyTorch's CPU loop.
 * Windows whose columns all lie inside the plane go four at a time in vectors (compare and
 * bitselect: the engine turns scalar float selects into branches, which mispredict on noisy data);
 * the edge windows go one by one.
 */
export function maxPool2dF32(x: usize, out: usize, idx: usize, B: i32, g: usize): void {
  const kh = load<i32>(g), kw = load<i32>(g, 4), strH = load<i32>(g, 8), strW = load<i32>(g, 12);
  const padH = load<i32>(g, 16), padW = load<i32>(g, 20), dilH = load<i32>(g, 24), dilW = load<i32>(g, 28);
  const oh = load<i32>(g, 32), ow = load<i32>(g, 36), H = load<i32>(g, 40), W = load<i32>(g, 44);
  let cx0 = 0, cx1 = ow;
  while (cx0 < ow && cx0 * strW - padW < 0) cx0++;
  while (cx1 > cx0 && (cx1 - 1) * strW - padW + (kw - 1) * dilW >= W) cx1--;
  const cx4 = cx0 + ((cx1 - cx0) & ~3);
  const step = i32x4(0, strW, 2 * strW, 3 * strW);
  for (let b = 0; b < B; b++) {
    const plane = at(x, b * H * W);
    for (let oy = 0; oy < oh; oy++) {
      let h0 = oy * strH - padH;
      const h1 = min(h0 + (kh - 1) * dilH + 1, H);
      while (h0 < 0) h0 += dilH;
      const q = (b * oh + oy) * ow;
      for (let ox = 0; ox < cx0; ox++) poolWindow(plane, W, h0, h1, dilH, ox * strW - padW, kw, dilW, at(out, q + ox), at(idx, q + ox));
      for (let ox = cx4; ox < ow; ox++) poolWindow(plane, W, h0, h1, dilH, ox * strW - padW, kw, dilW, at(out, q + ox), at(idx, q + ox));
      for (let ox = cx0; ox < cx4; ox += 4) {
        const cols = i32x4.add(i32x4.splat(ox * strW - padW), step);
        let best = f32x4.splat(-Infinity);
        let arg = i32x4.add(i32x4.splat(h0 * W), cols);
        for (let h = h0; h < h1; h += dilH) {
          for (let j = 0; j < kw; j++) {
            const e = i32x4.add(i32x4.splat(h * W + j * dilW), cols);
            let v = f32x4.splat(load<f32>(at(plane, i32x4.extract_lane(e, 0))));
            v = f32x4.replace_lane(v, 1, load<f32>(at(plane, i32x4.extract_lane(e, 1))));
            v = f32x4.replace_lane(v, 2, load<f32>(at(plane, i32x4.extract_lane(e, 2))));
            v = f32x4.replace_lane(v, 3, load<f32>(at(plane, i32x4.extract_lane(e, 3))));
            const take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
            best = v128.bitselect(v, best, take);
            arg = v128.bitselect(e, arg, take);
          }
        }
        v128.store(at(out, q + ox), best);
        v128.store(at(idx, q + ox), arg);
      }
    }
  }
}
