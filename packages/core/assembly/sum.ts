// float32 sum in PyTorch's order: a port of src/backend/js/sum.ts (aten's cascade_sum: four
// interleaved accumulators, a 4-level cascade, 8-lane vectors), rounding every addition to
// float32 exactly as the TypeScript kernel does, so both give PyTorch's bits. Offsets and
// strides are in elements; `x` and `out` are float32 arrays, `acc` is scratch for 128 floats.

const LANES = 8;
const LEVELS = 4;

// @ts-ignore: decorator
@inline function ceilLog2(x: i32): i32 {
  return x <= 2 ? 1 : 32 - clz(x - 1);
}

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function addTo(p: usize, i: i32, v: f32): void {
  const q = p + (<usize>i << 2);
  store<f32>(q, load<f32>(q) + v);
}

/** multi_row_sum: nrows running sums of `size` items (width lanes each) with the 4-level cascade. */
function multiRowSum(x: usize, base: i32, rowStride: i32, colStride: i32, size: i32, nrows: i32, width: i32, acc: usize): void {
  const levelPower = max(4, ceilLog2(size) / LEVELS);
  const levelStep = 1 << levelPower;
  const levelMask = <u64>(levelStep - 1);
  const w = nrows * width;
  memory.fill(acc, 0, <usize>(LEVELS * w) << 2);
  let i = 0;
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) addRow(x, base + i * rowStride, colStride, nrows, width, acc);
    for (let j = 1; j < LEVELS; j++) {
      for (let t = 0; t < w; t++) {
        addTo(acc, j * w + t, f(acc, (j - 1) * w + t));
        store<f32>(acc + (<usize>((j - 1) * w + t) << 2), 0);
      }
      if ((<u64>i & (levelMask << <u64>(j * levelPower))) != 0) break;
    }
  }
  for (; i < size; i++) addRow(x, base + i * rowStride, colStride, nrows, width, acc);
  for (let j = 1; j < LEVELS; j++) for (let t = 0; t < w; t++) addTo(acc, t, f(acc, j * w + t));
}

// @ts-ignore: decorator
@inline function addRow(x: usize, at: i32, colStride: i32, nrows: i32, width: i32, acc: usize): void {
  if (width == LANES) {
    // Independent float32 lanes: f32x4 adds round each lane exactly as the scalar adds do.
    for (let k = 0; k < nrows; k++) {
      const src = x + (<usize>(at + k * colStride) << 2), a = acc + (<usize>(k * LANES) << 2);
      v128.store(a, f32x4.add(v128.load(a), v128.load(src)));
      v128.store(a, f32x4.add(v128.load(a, 16), v128.load(src, 16)), 16);
    }
    return;
  }
  for (let k = 0; k < nrows; k++) {
    const src = at + k * colStride;
    for (let l = 0; l < width; l++) addTo(acc, k * width + l, f(x, src + l));
  }
}

/** row_sum: four interleaved multi-row sums, the leftovers into the first, then added in order. */
function rowSum(x: usize, base: i32, stride: i32, size: i32, width: i32, acc: usize): void {
  const sizeIlp = size / 4;
  multiRowSum(x, base, stride * 4, stride, sizeIlp, 4, width, acc);
  for (let i = sizeIlp * 4; i < size; i++) {
    const at = base + i * stride;
    for (let l = 0; l < width; l++) addTo(acc, l, f(x, at + l));
  }
  for (let k = 1; k < 4; k++) for (let l = 0; l < width; l++) addTo(acc, l, f(acc, k * width + l));
}

/** cascade_sum's per-block loop (loop2d in sum.ts) over one 2-D block of the reduction layout. */
export function sumBlockF32(x: usize, out: usize, inBase: i32, outBase: i32, i0: i32, i1: i32, o0: i32, o1: i32,
  size0: i32, size1: i32, acc: usize): void {
  if (o0 != 0 && o1 == 0) {
    let t = i0; i0 = i1; i1 = t;
    t = o0; o0 = o1; o1 = t;
    t = size0; size0 = size1; size1 = t;
  }
  if (o0 != 0 && o1 != 0) {
    for (let j = 0; j < size1; j++) for (let i = 0; i < size0; i++) addTo(out, outBase + j * o1 + i * o0, f(x, inBase + j * i1 + i * i0));
    return;
  }
  if (i0 == 1 && size0 >= LANES) {
    const vecSize = size0 / LANES;
    for (let j = 0; j < size1; j++) {
      const row = inBase + j * i1;
      rowSum(x, row, LANES, vecSize, LANES, acc);
      let s: f32 = 0;
      for (let k = vecSize * LANES; k < size0; k++) s += f(x, row + k);
      for (let l = 0; l < LANES; l++) s += f(acc, l);
      addTo(out, outBase + j * o1, s);
    }
  } else if (i1 == 1 && size1 >= LANES) {
    let j = 0;
    for (; j + 4 * LANES <= size1; j += 4 * LANES) {
      multiRowSum(x, inBase + j, i0, LANES, size0, 4, LANES, acc);
      for (let r = 0; r < 4; r++) for (let l = 0; l < LANES; l++) addTo(out, outBase + (j + r * LANES + l) * o1, f(acc, r * LANES + l));
    }
    for (; j + LANES <= size1; j += LANES) {
      rowSum(x, inBase + j, i0, size0, LANES, acc);
      for (let l = 0; l < LANES; l++) addTo(out, outBase + (j + l) * o1, f(acc, l));
    }
    for (; j < size1; j++) {
      rowSum(x, inBase + j, i0, size0, 1, acc);
      addTo(out, outBase + j * o1, f(acc, 0));
    }
  } else if (i0 < i1) {
    for (let j = 0; j < size1; j++) {
      rowSum(x, inBase + j * i1, i0, size0, 1, acc);
      addTo(out, outBase + j * o1, f(acc, 0));
    }
  } else {
    let j = 0;
    for (; j + 3 < size1; j += 4) {
      multiRowSum(x, inBase + j * i1, i0, i1, size0, 4, 1, acc);
      for (let r = 0; r < 4; r++) addTo(out, outBase + (j + r) * o1, f(acc, r));
    }
    for (; j < size1; j++) {
      rowSum(x, inBase + j * i1, i0, size0, 1, acc);
      addTo(out, outBase + j * o1, f(acc, 0));
    }
  }
}
