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
        for (let i3 = 0; i3 < n3; i3++) {
          const base = x + (<usize>(i0 * s0 + i1 * s1 + i2 * s2 + i3 * s3) << 2);
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
