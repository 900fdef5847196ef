// float32 elementwise kernels over broadcast/strided operands. The host collapses shapes to at
// most 4 dims (d0 outermost) and passes element strides per operand; the output is contiguous.
// Only ops whose float32 result is exactly rounded (so equal to the TypeScript kernels' bits).
// Op codes come from the shared lists (opcodes.ts, generated); the host sends only the ops here.
// BINARY_OPS lists the arithmetic ops before EQ and the comparisons EQ..GE together (append only),
// so `op < EQ` tells float32 outputs from the comparisons' bytes.
import { ABS, ADD, DIV, EQ, GE, GT, IDENTITY, LE, LT, MAXIMUM, MINIMUM, MUL, NE, NEG, RELU, SQRT, SUB } from './opcodes';

// @ts-ignore: decorator
@inline function vbin(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    case MAXIMUM: {
      const r = v128.bitselect(x, y, f32x4.gt(x, y));
      return v128.bitselect(f32x4.add(x, y), r, v128.or(f32x4.ne(x, x), f32x4.ne(y, y)));
    }
    default: { // MINIMUM
      const r = v128.bitselect(x, y, f32x4.lt(x, y));
      return v128.bitselect(f32x4.add(x, y), r, v128.or(f32x4.ne(x, x), f32x4.ne(y, y)));
    }
  }
}

// @ts-ignore: decorator
@inline function sbin(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case MAXIMUM: return x != x || y != y ? x + y : x > y ? x : y;
    case MINIMUM: return x != x || y != y ? x + y : x < y ? x : y;
    case EQ: return <f32>(x == y);
    case NE: return <f32>(x != y);
    case LT: return <f32>(x < y);
    case LE: return <f32>(x <= y);
    case GT: return <f32>(x > y);
    default: /* GE */ return <f32>(x >= y);
  }
}

/** One row of n outputs: out[j] = a[j*sa] op b[j*sb]; comparisons write bytes. */
// @ts-ignore: decorator
@inline function binaryRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let j = 0;
  if (op < EQ) {
    if (sa == 1 && sb == 1) {
      for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), vbin(op, v128.load(a + (<usize>j << 2)), v128.load(b + (<usize>j << 2))));
    } else if (sa == 1 && sb == 0) {
      const y = v128.load32_splat(b);
      for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), vbin(op, v128.load(a + (<usize>j << 2)), y));
    } else if (sa == 0 && sb == 1) {
      const x = v128.load32_splat(a);
      for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), vbin(op, x, v128.load(b + (<usize>j << 2))));
    }
    for (; j < n; j++) store<f32>(out + (<usize>j << 2), sbin(op, load<f32>(a + (<usize>(j * sa) << 2)), load<f32>(b + (<usize>(j * sb) << 2))));
  } else {
    if ((sa | sb) == 1 || (sa == 1 && sb == 1)) {
      // 16 comparisons -> 16 bytes: narrow the four lane masks (-1 / 0) and keep the low bit.
      const one = i8x16.splat(1);
      for (; j + 16 <= n; j += 16) {
        const m0 = vcmp(op, vload(a, sa, j), vload(b, sb, j)), m1 = vcmp(op, vload(a, sa, j + 4), vload(b, sb, j + 4));
        const m2 = vcmp(op, vload(a, sa, j + 8), vload(b, sb, j + 8)), m3 = vcmp(op, vload(a, sa, j + 12), vload(b, sb, j + 12));
        v128.store(out + <usize>j, v128.and(i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3)), one));
      }
    }
    for (; j < n; j++) store<u8>(out + <usize>j, <u8>sbin(op, load<f32>(a + (<usize>(j * sa) << 2)), load<f32>(b + (<usize>(j * sb) << 2))));
  }
}

/** Four floats at element j of a row with stride 1, or the row's one value broadcast (stride 0). */
// @ts-ignore: decorator
@inline function vload(p: usize, s: i32, j: i32): v128 {
  return s == 0 ? v128.load32_splat(p) : v128.load(p + (<usize>j << 2));
}

// @ts-ignore: decorator
@inline function vcmp(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case EQ: return f32x4.eq(x, y);
    case NE: return f32x4.ne(x, y);
    case LT: return f32x4.lt(x, y);
    case LE: return f32x4.le(x, y);
    case GT: return f32x4.gt(x, y);
    default: /* GE */ return f32x4.ge(x, y);
  }
}

/**
 * out[i0,i1,i2,i3] = a op b over shape (n0..n3); `st` points at 8 i32 strides (a's four, then
 * b's four, in elements). Arithmetic writes float32, comparisons write one byte per element.
 */
export function binaryF32(op: i32, a: usize, b: usize, st: usize, out: usize, n0: i32, n1: i32, n2: i32, n3: i32): void {
  const a0 = load<i32>(st), a1 = load<i32>(st, 4), a2 = load<i32>(st, 8), a3 = load<i32>(st, 12);
  const b0 = load<i32>(st, 16), b1 = load<i32>(st, 20), b2 = load<i32>(st, 24), b3 = load<i32>(st, 28);
  const osz: usize = op < EQ ? 4 : 1;
  let o = out;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        const pa = a + (<usize>(i0 * a0 + i1 * a1 + i2 * a2) << 2), pb = b + (<usize>(i0 * b0 + i1 * b1 + i2 * b2) << 2);
        binaryRow(op, pa, a3, pb, b3, o, n3);
        o += <usize>n3 * osz;
      }
    }
  }
}

// @ts-ignore: decorator
@inline function vun(op: i32, x: v128): v128 {
  switch (op) {
    case IDENTITY: return x;
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case RELU: return v128.bitselect(x, f32x4.splat(0), v128.or(f32x4.gt(x, f32x4.splat(0)), f32x4.ne(x, x)));
    case SQRT: return f32x4.sqrt(x);
    default: /* SQUARE */ return f32x4.mul(x, x);
  }
}

// @ts-ignore: decorator
@inline function sun(op: i32, x: f32): f32 {
  switch (op) {
    case IDENTITY: return x;
    case NEG: return -x;
    case ABS: return abs(x);
    case RELU: return x > 0 || x != x ? x : 0;
    case SQRT: return sqrt(x);
    default: /* SQUARE */ return x * x;
  }
}

/** out = op(x) over shape (n0..n3) with x's element strides at `st` (4 x i32). */
export function unaryF32(op: i32, x: usize, st: usize, out: usize, n0: i32, n1: i32, n2: i32, n3: i32): void {
  const s0 = load<i32>(st), s1 = load<i32>(st, 4), s2 = load<i32>(st, 8), s3 = load<i32>(st, 12);
  let o = out;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        const px = x + (<usize>(i0 * s0 + i1 * s1 + i2 * s2) << 2);
        let j = 0;
        if (s3 == 1) for (; j + 4 <= n3; j += 4) v128.store(o + (<usize>j << 2), vun(op, v128.load(px + (<usize>j << 2))));
        for (; j < n3; j++) store<f32>(o + (<usize>j << 2), sun(op, load<f32>(px + (<usize>(j * s3) << 2))));
        o += <usize>n3 << 2;
      }
    }
  }
}

/** out = cond ? a : b (cond bytes, a and b float32) over shape (n0..n3); strides at st: cond, a, b (12 x i32). */
export function whereF32(c: usize, a: usize, b: usize, st: usize, out: usize, n0: i32, n1: i32, n2: i32, n3: i32): void {
  let o = out;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        const pc = c + <usize>(i0 * load<i32>(st) + i1 * load<i32>(st, 4) + i2 * load<i32>(st, 8));
        const pa = a + (<usize>(i0 * load<i32>(st, 16) + i1 * load<i32>(st, 20) + i2 * load<i32>(st, 24)) << 2);
        const pb = b + (<usize>(i0 * load<i32>(st, 32) + i1 * load<i32>(st, 36) + i2 * load<i32>(st, 40)) << 2);
        const sc = load<i32>(st, 12), sa = load<i32>(st, 28), sb = load<i32>(st, 44);
        let j = 0;
        if (sc == 1 && sa <= 1 && sb <= 1 && sa >= 0 && sb >= 0) {
          const zero = i32x4.splat(0);
          for (; j + 4 <= n3; j += 4) {
            const bytes = v128.load32_zero(pc + <usize>j);
            const m = i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)), zero);
            v128.store(o + (<usize>j << 2), v128.bitselect(vload(pa, sa, j), vload(pb, sb, j), m));
          }
        }
        for (; j < n3; j++) {
          store<f32>(o + (<usize>j << 2), load<u8>(pc + <usize>(j * sc)) != 0 ? load<f32>(pa + (<usize>(j * sa) << 2)) : load<f32>(pb + (<usize>(j * sb) << 2)));
        }
        o += <usize>n3 << 2;
      }
    }
  }
}

/** out[i] = fma(b[i], s, a[i]) for n contiguous floats: addScaled, one rounding with relaxed SIMD. */
export function addScaledF32(a: usize, b: usize, s: f32, out: usize, n: i32): void {
  const vs = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    if (ASC_FEATURE_RELAXED_SIMD) v128.store(out + o, f32x4.relaxed_madd(v128.load(b + o), vs, v128.load(a + o)));
    else v128.store(out + o, f32x4.add(f32x4.mul(v128.load(b + o), vs), v128.load(a + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    // One lane of the same vector op, so the tail rounds exactly as the body.
    const x = v128.load32_splat(a + o), y = v128.load32_splat(b + o);
    let r: v128;
    if (ASC_FEATURE_RELAXED_SIMD) r = f32x4.relaxed_madd(y, vs, x);
    else r = f32x4.add(f32x4.mul(y, vs), x);
    store<f32>(out + o, f32x4.extract_lane(r, 0));
  }
}
