/** Tensor factories: tensor(), zeros/ones/full/empty, eye, and the random ones (arange/linspace: ranges.ts). */
import { allocArray, checkAllocatable, checkedCast, INT64_HINT, isFloating, isSmallInt, type DType, type NestedArray, type TypedArray } from '../dtype';
import { backendOf } from '../backend/index';
import { encodeHalf, halfRandomError } from '../half';
import { checkInt, checkSizes, numelOf, sizesFrom } from '../shape';
import { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { alloc, finish, fromHost, getDefaultDtype, TENSOR_KEYS } from './util';
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
