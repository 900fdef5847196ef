// Max/min with arg positions over float32 (exact in any order, so equal to the TypeScript
// kernel): NaN wins at its first position, ties keep the first position.

/**
 * Descriptor at d (12 x i32): kept shape n0..n3, kept strides s0..s3, reduced shape r0, r1 and
 * reduced strides t0, t1 (elements). Writes one value and one int32 position per kept index.
 */
export function argReduceF32(isMax: bool, x: usize, d: usize, out: usize, idx: usize): void {
  const n0 = load<i32>(d), n1 = load<i32>(d, 4), n2 = load<i32>(d, 8), n3 = load<i32>(d, 12);
  const s0 = load<i32>(d, 16), s1 = load<i32>(d, 20), s2 = load<i32>(d, 24), s3 = load<i32>(d, 28);
  const r0 = load<i32>(d, 32), r1 = load<i32>(d, 36), t0 = load<i32>(d, 40), t1 = load<i32>(d, 44);
  let o: usize = 0;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        const row = x + (<usize>(i0 * s0 + i1 * s1 + i2 * s2) << 2);
        let i3 = 0;
        // Four neighbouring outputs at once when the innermost kept dim is contiguous.
        if (s3 == 1) {
          for (; i3 + 4 <= n3; i3 += 4) {
            lanes4(isMax, row + (<usize>i3 << 2), r0, r1, t0, t1, out + (o << 2), idx + (o << 2));
            o += 4;
          }
        }
        for (; i3 < n3; i3++) {
          const base = row + (<usize>(i3 * s3) << 2);
          let best = load<f32>(base), bi = 0;
          if (best == best) {
            const total = r0 * r1;
            let a = 0, b = 0;
            for (let k = 0; k < total; k++) {
              const v = load<f32>(base + (<usize>(a * t0 + b * t1) << 2));
              if (v != v) { best = v; bi = k; break; }
              if (isMax ? v > best : v < best) { best = v; bi = k; }
              if (++b == r1) { b = 0; a++; }
            }
          }
          store<f32>(out + (o << 2), best);
          store<i32>(idx + (o << 2), bi);
          o++;
        }
      }
    }
  }
}

/** The scalar loop's semantics on four lanes: a lane stops updating at its first NaN. */
// @ts-ignore: decorator
@inline function lanes4(isMax: bool, base: usize, r0: i32, r1: i32, t0: i32, t1: i32, out: usize, idx: usize): void {
  let best = v128.load(base), bi = i32x4.splat(0);
  let done = f32x4.ne(best, best);
  let a = 0, b = 0;
  const total = r0 * r1;
  for (let k = 0; k < total; k++) {
    const v = v128.load(base + (<usize>(a * t0 + b * t1) << 2));
    const nan = f32x4.ne(v, v);
    const better = isMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
    const upd = v128.andnot(v128.or(nan, better), done);
    best = v128.bitselect(v, best, upd);
    bi = v128.bitselect(i32x4.splat(k), bi, upd);
    done = v128.or(done, nan);
    if (++b == r1) { b = 0; a++; }
  }
  v128.store(out, best);
  v128.store(idx, bi);
}
