/** Tensor factories: tensor(), zeros/ones/full/empty, arange/linspace/eye, and the random ones. */
import { allocArray, checkAllocatable, checkedCast, INT64_HINT, isFloating, isIntegral, isSmallInt, type DType, type NestedArray, type TypedArray } from '../dtype';
import { backendOf } from '../backend/index';
import { fma64, fmaF32 } from '../numeric';
import { encodeHalf, halfRandomError } from '../half';
import { arangeHalf, linspaceHalf } from './creation-half';
import { checkInt, checkSizes, numelOf, sizesFrom } from '../shape';
import { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { alloc, fromHost, getDefaultDtype } from './util';
import { storageDevice, type DeviceSpec } from '../device';
import type { DeviceType } from '../backend/types';
import { defaultGenerator, generatorOption, type Generator } from '../random/index';
import { normalF32, normalF64, normalPerElement, randint as randintFill, randperm as randpermDraw, uniformF32, uniformF64 } from '../random/index';

/** The keyword options of the creation functions (PyTorch's dtype=, device=, requires_grad=). */
export interface TensorOptions {
  /** The element type; by default the default dtype (float32) for floats, or inferred from the data. */
  dtype?: DType;
  /** Where the tensor lives: 'cpu' or torch.device('cpu') (the default); other devices raise PyTorch's error. */
  device?: DeviceSpec;
  /** Record operations on the new tensor for autograd (floating dtypes only; default false). */
  requiresGrad?: boolean;
}

/** The options of the random creation functions: TensorOptions plus a generator. */
export interface RandomOptions extends TensorOptions {
  /** Draw from this Generator instead of the global one that manualSeed seeds. */
  generator?: Generator;
}

/** Sizes as varargs or one array, then an optional options object: `zeros(2, 3, {dtype})`. */
export type SizeArgs<O> = number[] | [...number[], O] | [readonly number[]] | [readonly number[], O];

/** The keyword arguments of the creation functions (an unknown key is PyTorch's TypeError). */
const TENSOR_KEYS = ['dtype', 'device', 'requiresGrad'];
const RANDOM_KEYS = ['dtype', 'device', 'requiresGrad', 'generator'];

/** Sizes (checked, PyTorch's words naming `fn`) and the trailing options object. */
function splitArgs<O extends object>(args: readonly unknown[], fn: string, kind = 'SymInts', keys = TENSOR_KEYS): [number[], O] {
  const last = args[args.length - 1];
  const hasOpts = args.length > 0 && typeof last === 'object' && last !== null && !Array.isArray(last);
  const sizes = hasOpts ? args.slice(0, -1) : args;
  if (hasOpts) checkOptions(fn, last, keys);
  return [sizesFrom(sizes, fn, kind), (hasOpts ? last : {}) as O];
}

/** A new zeroed tensor, its size checked against what an array can hold first. */
function allocChecked(sizes: number[], dtype: DType, device: DeviceType): Tensor {
  checkAllocatable(dtype, numelOf(sizes));
  return alloc(sizes, dtype, device);
}

/** The generator option: a real Generator (a plain object would fail deep inside a kernel). */
function generatorOf(opts: RandomOptions, fn: string): Generator {
  return generatorOption(opts.generator, defaultGenerator, fn);
}

function finish(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

function inferDtype(values: readonly (number | boolean)[]): DType {
  if (values.length === 0) return getDefaultDtype();
  if (values.every((v) => typeof v === 'boolean')) return 'bool';
  if (values.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'int32';
  return getDefaultDtype();
}

function typedDtype(a: TypedArray | Int8Array | Int16Array | Uint16Array | Uint32Array): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  // As torch.from_numpy: 8- and 16-bit integer arrays keep their type (Uint16Array has no torch dtype).
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  return 'int32';
}

/** Shape of a nested array, rejecting ragged input in PyTorch's words. */
function nestedShape(data: NestedArray, flat: (number | boolean)[]): number[] {
  const shape: number[] = [];
  let probe: NestedArray = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0]!;
  }
  const walk = (x: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(x)) throw new Error(`expected sequence of length ${shape[dim - 1]} at dim ${dim - 1} (got ${x.length})`);
      if (typeof x !== 'number' && typeof x !== 'boolean') throw new TypeError(`Could not infer dtype of ${typeof x}`);
      flat.push(x);
      return;
    }
    if (!Array.isArray(x)) throw new TypeError(`expected a sequence at dim ${dim}, got ${String(x)}`);
    if (x.length !== shape[dim]) throw new Error(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${x.length})`);
    for (const v of x) walk(v, dim + 1);
  };
  walk(data, 0);
  return shape;
}

/**
 * torch.tensor: copies nested arrays or a typed array (1-D) into a new tensor.
 * @example tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true })
 */
export function tensor(data: NestedArray | TypedArray | Int8Array | Int16Array | Uint16Array | Uint32Array, opts: TensorOptions = {}): Tensor {
  checkOptions('tensor', opts, TENSOR_KEYS);
  const device = storageDevice(opts.device);
  let t: Tensor;
  if (ArrayBuffer.isView(data)) {
    const dtype = opts.dtype ?? typedDtype(data);
    const d = allocArray(dtype, data.length);
    if (dtype === 'bool') for (let i = 0; i < data.length; i++) d[i] = data[i] ? 1 : 0;
    else if (dtype === 'int32' && !(data instanceof Int32Array || data instanceof Int16Array || data instanceof Int8Array ||
      data instanceof Uint16Array || data instanceof Uint8Array)) {
      // Uint32 and float data can exceed int32: checked, never wrapped.
      const hint = opts.dtype === undefined ? INT64_HINT : '';
      for (let i = 0; i < data.length; i++) d[i] = checkedCast('int32', data[i]!, 'tensor', hint);
    } else if (dtype === 'int64' && (data instanceof Float32Array || data instanceof Float64Array)) {
      for (let i = 0; i < data.length; i++) d[i] = checkedCast('int64', data[i]!, 'tensor');
    } else if (isSmallInt(dtype) && data.constructor !== d.constructor) {
      for (let i = 0; i < data.length; i++) d[i] = checkedCast(dtype, data[i]!, 'tensor');
    } else if (d instanceof Uint16Array) encodeHalf(dtype as 'float16' | 'bfloat16', data, d); // values, not bit patterns
    else d.set(data);
    t = fromHost(d, [data.length], dtype, device);
  } else {
    const flat: (number | boolean)[] = [];
    const shape = nestedShape(data, flat);
    const dtype = opts.dtype ?? inferDtype(flat);
    const hint = opts.dtype === undefined ? INT64_HINT : '';
    const d = allocArray(dtype, flat.length);
    // A half dtype's elements are bit patterns: the values go through float32, as c10::Half's do.
    const into = d instanceof Uint16Array ? new Float32Array(flat.length) : d;
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i]!;
      into[i] = dtype === 'bool' ? (v ? 1 : 0) : checkedCast(dtype, Number(v), 'tensor', hint);
    }
    if (d instanceof Uint16Array) encodeHalf(dtype as 'float16' | 'bfloat16', into, d);
    t = fromHost(d, shape, dtype, device);
  }
  if (opts.requiresGrad && !isFloating(t.dtype)) {
    throw new Error('Only Tensors of floating point and complex dtype can require gradients');
  }
  return finish(t, opts);
}

/**
 * A tensor of shape `size` filled with `value` (torch.full). The dtype follows the value: bool, int32 for an
 * integer, else the default dtype. A value that does not fit the dtype throws.
 */
export function full(size: readonly number[], value: number | boolean, opts: TensorOptions = {}): Tensor {
  checkOptions('full', opts, TENSOR_KEYS);
  const dtype = opts.dtype ?? (typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int32' : getDefaultDtype());
  const sizes = sizesFrom([size], 'full');
  const device = storageDevice(opts.device);
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TypeError(`full(): argument 'fill_value' (position 2) must be Number, not ${typeof value}`);
  }
  // Checked before allocating: a fill value that does not fit raises instead of wrapping.
  const v = checkedCast(dtype, typeof value === 'boolean' ? (value ? 1 : 0) : value, 'scalar', opts.dtype === undefined ? INT64_HINT : '');
  const t = allocChecked(sizes, dtype, device);
  backendOf(t).fill(t, v);
  return finish(t, opts);
}

/** A tensor of zeros: `zeros(2, 3)`, `zeros([2, 3], { dtype: 'int32' })` (torch.zeros). */
export function zeros(...args: SizeArgs<TensorOptions>): Tensor {
  return zerosNamed('zeros', args);
}

function zerosNamed(fn: string, args: readonly unknown[]): Tensor {
  const [sizes, opts] = splitArgs<TensorOptions>(args, fn);
  return finish(allocChecked(sizes, opts.dtype ?? getDefaultDtype(), storageDevice(opts.device)), opts);
}

/** A tensor of ones: `ones(2, 3)`, `ones([2, 3], { requiresGrad: true })` (torch.ones). */
export function ones(...args: SizeArgs<TensorOptions>): Tensor {
  const [sizes, opts] = splitArgs<TensorOptions>(args, 'ones');
  return full(sizes, 1, { dtype: opts.dtype ?? getDefaultDtype(), device: opts.device, requiresGrad: opts.requiresGrad ?? false });
}

/** Uninitialised in PyTorch; zero-filled here (typed arrays always are). */
export function empty(...args: SizeArgs<TensorOptions>): Tensor {
  return zerosNamed('empty', args);
}

// The *Like functions keep x's dtype and device unless told otherwise, as PyTorch's do.
/** Zeros of x's shape, dtype and device, unless the options say otherwise (torch.zeros_like). */
export function zerosLike(x: Tensor, opts: TensorOptions = {}): Tensor {
  checkOptions('zeros_like', opts, TENSOR_KEYS);
  return zeros(x.shape, { dtype: opts.dtype ?? x.dtype, device: opts.device ?? x.device, requiresGrad: opts.requiresGrad ?? false });
}
/** Ones of x's shape, dtype and device (torch.ones_like). */
export function onesLike(x: Tensor, opts: TensorOptions = {}): Tensor {
  checkOptions('ones_like', opts, TENSOR_KEYS);
  return ones(x.shape, { dtype: opts.dtype ?? x.dtype, device: opts.device ?? x.device, requiresGrad: opts.requiresGrad ?? false });
}
/** `value` in x's shape, dtype and device (torch.full_like). */
export function fullLike(x: Tensor, value: number | boolean, opts: TensorOptions = {}): Tensor {
  checkOptions('full_like', opts, TENSOR_KEYS);
  return full(x.shape, value, { dtype: opts.dtype ?? x.dtype, device: opts.device ?? x.device, requiresGrad: opts.requiresGrad ?? false });
}
/** An uninitialised tensor like x in PyTorch; zero-filled here (torch.empty_like). */
export function emptyLike(x: Tensor, opts: TensorOptions = {}): Tensor {
  checkOptions('empty_like', opts, TENSOR_KEYS);
  return zerosLike(x, opts);
}

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

/** The n x m identity matrix (m defaults to n): ones on the main diagonal (torch.eye). */
export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  let cols = n;
  if (typeof m === 'number') cols = m; else if (m) opts = m;
  checkOptions('eye', opts, TENSOR_KEYS);
  n = checkInt(n, 'eye', 'n', 1);
  cols = checkInt(cols, 'eye', 'm', 2);
  if (n < 0) throw new Error(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new Error(`m must be greater or equal to 0, got ${cols}`);
  const dtype = opts.dtype ?? getDefaultDtype();
  const t = allocChecked(checkSizes([n, cols], 'eye'), dtype, storageDevice(opts.device));
  // The diagonal is one strided view: stride cols + 1 steps from (i, i) to (i + 1, i + 1).
  const k = Math.min(n, cols);
  if (k > 0) backendOf(t).fill(new Tensor(t.storage, [k], [cols + 1], 0, dtype), 1);
  return finish(t, opts);
}

/**
 * n normal samples drawn as PyTorch fills a contiguous tensor (its per-element path when
 * `perElement`, as for non-contiguous ones): a host array of dtype, to upload or write.
 */
export function normalArray(dtype: DType, n: number, mean: number, std: number, gen: Generator, perElement = false): TypedArray {
  const d = allocArray(dtype, n);
  if (d instanceof Uint16Array) throw halfRandomError('normal', dtype);
  if (!(d instanceof Float32Array || d instanceof Float64Array)) throw new TypeError(`"normal_kernel_cpu" not implemented for '${dtype}'`);
  if (perElement) normalPerElement(gen, d, mean, std);
  else if (d instanceof Float32Array) normalF32(gen, d, mean, std);
  else normalF64(gen, d, mean, std);
  return d;
}

/** n uniform samples in [from, to) as a host array of dtype, PyTorch's draw order. */
export function uniformArray(dtype: DType, n: number, from: number, to: number, gen: Generator): TypedArray {
  const d = allocArray(dtype, n);
  if (d instanceof Float32Array) uniformF32(gen, d, from, to);
  else if (d instanceof Float64Array) uniformF64(gen, d, from, to);
  else if (d instanceof Uint16Array) throw halfRandomError('uniform', dtype);
  else throw new TypeError(`"uniform_kernel_cpu" not implemented for '${dtype}'`);
  return d;
}

/** Standard normal samples; after manualSeed(s) the same values PyTorch gives. */
export function randn(...args: SizeArgs<RandomOptions>): Tensor {
  const [sizes, opts] = splitArgs<RandomOptions>(args, 'randn', 'ints', RANDOM_KEYS);
  const dtype = opts.dtype ?? getDefaultDtype(), device = storageDevice(opts.device);
  return finish(fromHost(normalArray(dtype, numelOf(sizes), 0, 1, generatorOf(opts, 'randn')), sizes, dtype, device), opts);
}

/** Uniform samples in [0, 1). */
export function rand(...args: SizeArgs<RandomOptions>): Tensor {
  const [sizes, opts] = splitArgs<RandomOptions>(args, 'rand', 'ints', RANDOM_KEYS);
  const dtype = opts.dtype ?? getDefaultDtype(), device = storageDevice(opts.device);
  return finish(fromHost(uniformArray(dtype, numelOf(sizes), 0, 1, generatorOf(opts, 'rand')), sizes, dtype, device), opts);
}

/** randint(high, size) or randint(low, high, size): integers in [low, high). */
export function randint(a: number, b: number | readonly number[], c?: readonly number[] | RandomOptions, d?: RandomOptions): Tensor {
  let low = 0, high: number, size: readonly number[], opts: RandomOptions;
  if (typeof b === 'number') { low = a; high = b; size = c as readonly number[]; opts = d ?? {}; }
  else { high = a; size = b; opts = (c as RandomOptions | undefined) ?? {}; }
  checkOptions('randint', opts, RANDOM_KEYS);
  if (low >= high) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const sizes = sizesFrom([size], 'randint', 'ints'), dtype = opts.dtype ?? 'int32';
  const device = storageDevice(opts.device);
  const gen = generatorOf(opts, 'randint');
  const out = allocArray(dtype, numelOf(sizes));
  if (dtype === 'bool') throw new TypeError('randint does not support bool');
  if (out instanceof Uint16Array) throw halfRandomError('randint', dtype);
  if (out instanceof Uint8Array || out instanceof Int8Array || out instanceof Int16Array) { // drawn as int32, stored wrapped (PyTorch draws in the small type)
    const wide = new Int32Array(out.length);
    randintFill(gen, wide, low, high);
    out.set(wide);
  } else randintFill(gen, out, low, high);
  return finish(fromHost(out, sizes, dtype, device), opts);
}

/** A random permutation of 0..n-1 (int32). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  checkOptions('randperm', opts, RANDOM_KEYS);
  n = checkInt(n, 'randperm', 'n', 1);
  checkSizes([n], 'randperm');
  if (opts.dtype === 'bool') throw new TypeError('"randperm" not implemented for \'Bool\'');
  const device = storageDevice(opts.device);
  const perm = randpermDraw(generatorOf(opts, 'randperm'), n);
  const t = Tensor.fromData(perm, [n], 'int32', device);
  return opts.dtype && opts.dtype !== 'int32' ? t.to(opts.dtype) : t;
}

/** Standard normal samples in x's shape, dtype and device (torch.randn_like). */
export function randnLike(x: Tensor, opts: RandomOptions = {}): Tensor {
  checkOptions('randn_like', opts, RANDOM_KEYS);
  return randn(x.shape, { ...opts, dtype: opts.dtype ?? x.dtype, device: opts.device ?? x.device });
}
/** U(0, 1) samples in x's shape, dtype and device (torch.rand_like). */
export function randLike(x: Tensor, opts: RandomOptions = {}): Tensor {
  checkOptions('rand_like', opts, RANDOM_KEYS);
  return rand(x.shape, { ...opts, dtype: opts.dtype ?? x.dtype, device: opts.device ?? x.device });
}

/** A number as PyTorch prints a Scalar in messages: nan, inf, -inf, 0.5. */
function pyNum(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}
