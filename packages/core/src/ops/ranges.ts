/**
 * arange and linspace, replaying torch 1.13's CPU kernels value for value (their AVX2 vector
 * chunks decide the last bit of float values and the truncation of integer ones).
 */
import { allocArray, checkedCast, INT64_HINT, isIntegral, isSmallInt, type DType, type TypedArray } from '../dtype';
import { fma64, fmaF32 } from '../numeric';
import { arangeHalf, linspaceHalf } from './creation-half';
import { checkInt } from '../shape';
import type { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { finish, fromHost, getDefaultDtype, TENSOR_KEYS } from './util';
import { storageDevice } from '../device';
import type { TensorOptions } from './creation';

/** arange(end), arange(start, end), arange(start, end, step); int32 when all are integers. */
export function arange(end: number, opts?: TensorOptions): Tensor;
export function arange(start: number, end: number, opts?: TensorOptions): Tensor;
export function arange(start: number, end: number, step: number, opts?: TensorOptions): Tensor;
export function arange(a: number, b?: number | TensorOptions, c?: number | TensorOptions, d?: TensorOptions): Tensor {
  let start = 0, end = a, step = 1;
  let opts: TensorOptions = {};
  if (typeof b === 'number') { start = a; end = b; } else if (b) opts = b;
  if (typeof c === 'number') step = c; else if (c) opts = c;
  if (d) opts = d;
  checkOptions('arange', opts, TENSOR_KEYS);
  const device = storageDevice(opts.device);
  for (const [v, name, pos] of [[a, typeof b === 'number' ? 'start' : 'end', 1], [b, 'end', 2], [c, 'step', 3]] as const) {
    if (v !== undefined && typeof v !== 'number' && (typeof v !== 'object' || v === null)) {
      throw new TypeError(`arange(): argument '${name}' (position ${pos}) must be Number, not ${typeof v}`);
    }
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error(`unsupported range: ${pyNum(start)} -> ${pyNum(end)}`);
  // NaN is neither > 0 nor < 0: PyTorch reports it as a zero step.
  if (!(step > 0 || step < 0)) throw new Error('step must be nonzero');
  if ((end - start) / step < 0) throw new Error('upper bound and larger bound inconsistent with step sign');
  const n = Math.ceil((end - start) / step) + 0; // never -0
  if (!Number.isSafeInteger(n)) throw new Error('invalid size, possible overflow?');
  const inferred = [start, end, step].every(Number.isInteger);
  const dtype = opts.dtype ?? (inferred ? 'int32' : getDefaultDtype());
  if (dtype === 'bool') throw new TypeError('"arange_cpu" not implemented for \'Bool\'');
  const integral = isIntegral(dtype);
  if (integral) {
    // PyTorch casts start, end and step to the integer type (the size still comes from the doubles).
    [start, step] = [Math.trunc(start), Math.trunc(step)];
    if (step === 0) throw new Error('step must be nonzero');
    if (step > 0 ? Math.trunc(end) < start : Math.trunc(end) > start) throw new Error('upper bound and larger bound inconsistent with step sign');
  }
  const values = allocArray(dtype, n);
  if (integral && n > 0) {
    // The ends bound every value: check them, so no value wraps.
    const hint = opts.dtype === undefined ? INT64_HINT : '';
    checkedCast(dtype, start, 'scalar', hint);
    checkedCast(dtype, start + (n - 1) * step, 'scalar', hint);
  }
  if (values instanceof Uint16Array) arangeHalf(values, dtype as 'float16' | 'bfloat16', start, step, n);
  else arangeFill(values, dtype, start, step, n);
  return finish(fromHost(values, [n], dtype, device), opts);
}

/**
 * PyTorch's CPU arange: values in double (its accumulate type), `start + step * i` one fma. Float
 * tensors fill in AVX2 vectors (8 floats, 4 doubles) while two fit, each vector from its first
 * value rounded to the dtype then `base + k * step`; the tail is scalar. (Single-threaded: PyTorch
 * splits outputs over 32768 elements between threads, each split starting a new vector run.)
 */
function arangeFill(values: TypedArray, dtype: DType, start: number, step: number, n: number): void {
  if (isIntegral(dtype)) {
    for (let i = 0; i < n; i++) values[i] = start + i * step; // integers: exact
    return;
  }
  const lanes = dtype === 'float32' ? 8 : 4;
  const vectorEnd = Math.floor(n / (2 * lanes)) * 2 * lanes;
  for (let p = 0; p < vectorEnd; p += lanes) {
    const first = fma64(step, p, start);
    const base = dtype === 'float32' ? Math.fround(first) : first;
    for (let k = 0; k < lanes; k++) values[p + k] = fma64(k, step, base);
  }
  for (let i = vectorEnd; i < n; i++) values[i] = fma64(step, i, start);
}

/**
 * `steps` evenly spaced values from start to end inclusive, as torch 1.13's CPU kernel computes them
 * (AVX2 vector chunks; PyTorch 2.x computes each element on its own since pytorch#89048, which
 * changes some float32 values in the last bit).
 */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  checkOptions('linspace', opts, TENSOR_KEYS);
  steps = checkInt(steps, 'linspace', 'steps', 3);
  const device = storageDevice(opts.device);
  if (steps < 0) throw new Error('number of steps must be non-negative');
  const dtype = opts.dtype ?? getDefaultDtype();
  if (dtype === 'bool') throw new TypeError('"linspace_cpu" not implemented for \'Bool\'');
  const d = allocArray(dtype, steps);
  if (d instanceof Uint16Array) linspaceHalf(d, dtype as 'float16' | 'bfloat16', start, end, steps);
  else if (steps > 0) linspaceFill(d, dtype, start, end, steps);
  return finish(fromHost(d, [steps], dtype, device), opts);
}

/**
 * start and end are cast to the dtype first (integers truncate; out of range raises); the step is
 * in double for integers and in the dtype for floats. The first half counts up from start, the
 * second half back from end, each value one fma as GCC compiles PyTorch's AVX2 kernel; integer
 * results truncate toward zero.
 */
function linspaceFill(d: TypedArray, dtype: DType, start: number, end: number, steps: number): void {
  const s = checkedCast(dtype, start, 'scalar'), e = checkedCast(dtype, end, 'scalar');
  if (steps === 1) {
    d[0] = s;
    return;
  }
  const f32 = dtype === 'float32';
  const fma = f32 ? fmaF32 : fma64;
  const step = f32 ? Math.fround(Math.fround(e - s) / Math.fround(steps - 1)) : (e - s) / (steps - 1);
  const half = Math.floor(steps / 2);
  if (dtype === 'int32') {
    int32LinspaceFill(d, s, e, step, steps, half);
    return;
  }
  if (dtype === 'int64' || isSmallInt(dtype)) { // doubles, truncated (not the 4-lane AVX2 replay int32 has)
    for (let i = 0; i < steps; i++) d[i] = Math.trunc(i < half ? s + step * i : e - step * (steps - i - 1)) + 0;
    return;
  }
  // The index converts to the dtype as in C++ (float32 only rounds past 2^24).
  const at = (i: number): number => i < half ? fma(step, f32 ? Math.fround(i) : i, s) : fma(-step, f32 ? Math.fround(steps - i - 1) : steps - i - 1, e);
  // torch 1.13's AVX2 kernel: blocks of two vectors (8 floats or 4 doubles), each
  // `Vectorized::arange(at(first), step)`, lane k = base + k * step rounded twice (not fused) in the
  // dtype; the tail scalar. 0 differences from torch 1.13 in 146k values over 98 cases.
  const lanes = f32 ? 8 : 4;
  let i = 0;
  for (; i + 2 * lanes <= steps; i += 2 * lanes) {
    for (const v of [i, i + lanes]) {
      const base = at(v);
      d[v] = base;
      for (let k = 1; k < lanes; k++) d[v + k] = base + (f32 ? Math.fround(k * step) : k * step);
    }
  }
  for (; i < steps; i++) d[i] = at(i);
}

/**
 * Integer linspace as torch 1.13's AVX2 kernel (cpu_serial_kernel_vec, RangeFactoriesKernel.cpp):
 * blocks of two 8-lane vectors, each `Vectorized<int>::arange(base, step)` with base the value at
 * the block's first index truncated to int and lanes base + k * step truncated; the tail element
 * by element. So `linspace(5, -5, 20, {dtype: 'int32'})` is 1.13's [5, 4, 3, 3, ..., -3, -3, -4, -5].
 * (PyTorch 2.x computes every element on its own; outputs of 32768+ elements split per thread.)
 */
function int32LinspaceFill(d: TypedArray, s: number, e: number, step: number, steps: number, half: number): void {
  const at = (idx: number): number => (idx < half ? fma64(step, idx, s) : fma64(-step, steps - idx - 1, e));
  const LANES = 8;
  let i = 0;
  for (; i + 2 * LANES <= steps; i += 2 * LANES) {
    for (const v of [i, i + LANES]) {
      const base = Math.trunc(at(v));
      for (let k = 0; k < LANES; k++) d[v + k] = Math.trunc(base + k * step); // two roundings: not contracted
    }
  }
  for (; i < steps; i++) d[i] = Math.trunc(at(i));
}

/** A number as PyTorch prints a Scalar in messages: nan, inf, -inf, 0.5. */
function pyNum(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}
