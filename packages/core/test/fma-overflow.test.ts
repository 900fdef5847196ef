/**
 * fmaF32 (float32 fma emulated in doubles, used by the js kernels that replay PyTorch's fused
 * rounding) where the result overflows float32. Expected values: glibc's fmaf, through ctypes.
 * At the overflow threshold H = 2^128 - 2^103 = 18631 * (1801 * 2^103) exactly, the sign of the
 * addend decides between FLT_MAX and Infinity although the double sum rounds to H itself.
 */
import { fmaF32 } from '../src/numeric';

const FLT_MAX = 3.4028234663852886e38;
const A = 18631, B = 1801 * 2 ** 103;

describe('fmaF32 past float32 overflow', () => {
  it.each([
    [Math.fround(3.4e38), 100.5, -3.25, Infinity],
    [Math.fround(-3.4e38), 100.5, 3.25, -Infinity],
    [A, B, -1, FLT_MAX],
    [A, B, 1, Infinity],
    [A, B, 0, Infinity],
    [A, B, -(2 ** 80), FLT_MAX],
    [-A, B, 1, -FLT_MAX],
    [-A, B, -1, -Infinity],
  ])('fmaf(%p, %p, %p) = %p', (a, b, c, want) => {
    expect(fmaF32(a, b, c)).toBe(want);
  });
});
