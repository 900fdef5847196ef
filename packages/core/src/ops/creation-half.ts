/**
 * arange and linspace in float16 / bfloat16 as torch 1.13's CPU kernels compute them
 * (RangeFactoriesKernel.cpp under AVX2, where Vectorized<Half> and Vectorized<BFloat16> have 16
 * lanes): blocks of two vectors, each from the value at its first index rounded to the dtype,
 * then a scalar tail. arange accumulates in float (acc_type); linspace in the half type itself
 * (each Half operation is a float operation rounded back).
 */
import { encodeHalf, roundHalf } from '../half';
import { fmaF32 } from '../numeric';

type Half = 'float16' | 'bfloat16';
const LANES = 16;

/** arange's n values into out: start + step * i in float (fused, as GCC contracts it). */
export function arangeHalf(out: Uint16Array, dtype: Half, start: number, step: number, n: number): void {
  const s = Math.fround(start), st = Math.fround(step);
  const f = new Float32Array(n);
  const vectorEnd = Math.floor(n / (2 * LANES)) * 2 * LANES;
  for (let p = 0; p < vectorEnd; p += LANES) {
    const base = roundHalf(dtype, fmaF32(st, Math.fround(p), s)); // Vectorized<T>::arange takes a T base
    for (let k = 0; k < LANES; k++) f[p + k] = fmaF32(k, st, base);
  }
  for (let i = vectorEnd; i < n; i++) f[i] = fmaF32(st, Math.fround(i), s);
  encodeHalf(dtype, f, out);
}

/** linspace's values into out: step, the halves and every lane in half arithmetic. */
export function linspaceHalf(out: Uint16Array, dtype: Half, start: number, end: number, steps: number): void {
  const r = (v: number): number => roundHalf(dtype, v);
  const s = r(start), e = r(end);
  const f = new Float64Array(steps);
  if (steps === 1) f[0] = s;
  else if (steps > 1) {
    const step = r(r(e - s) / r(steps - 1));
    const half = Math.floor(steps / 2);
    const at = (i: number): number => (i < half ? r(s + r(step * r(i))) : r(e - r(step * r(steps - i - 1))));
    let i = 0;
    for (; i + 2 * LANES <= steps; i += 2 * LANES) {
      for (const v of [i, i + LANES]) {
        const base = at(v);
        for (let k = 0; k < LANES; k++) f[v + k] = r(base + r(k * step));
      }
    }
    for (; i < steps; i++) f[i] = at(i);
  }
  encodeHalf(dtype, f, out);
}
